using System.Security;
using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Engine.Cloudflare;

namespace ReleaseCmdlets.Commands;

/// <summary>Cancels Cloudflare Workers Builds (not Cloud Foundry: that is Stop-CfDeployment).</summary>
/// <remarks>
/// Two sets: by uuid, and the running builds of a Worker by name (-WorkerName, -Branch). The credentials (an API token,
/// or the global key: email + key) are in both, and a token given with any part of the global key is refused before any
/// request with one error, CredentialConflict, whatever the form (separate sets per credential would leave the binder
/// to refuse some combinations with its own, less helpful messages).
/// </remarks>
[Cmdlet(VerbsLifecycle.Stop, "CfBuild", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Stop-CfBuild.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(CloudflareBuild))]
public sealed class StopCfBuildCommand : StopCmdlet
{
    private const string ById = "BuildUuid";
    private const string ByWorker = "WorkerName";

    private CloudflareClient? client;

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.BuildUuid, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BuildId", "build_uuid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] BuildUuid { get; set; } = Array.Empty<Guid>();

    /// <summary>Cancel every build of this Worker (its script name) that is queued, initializing or running.</summary>
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.WorkerName, ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string WorkerName { get; set; } = "";

    /// <summary>With -WorkerName: only the builds of this branch.</summary>
    [Parameter(ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Branch { get; set; }

    /// <summary>The Cloudflare account id; default $env:CLOUDFLARE_ACCOUNT_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("account_id")]
    public string? AccountId { get; set; }

    /// <summary>The API base URL; default $env:CLOUDFLARE_BASE_URL, else https://api.cloudflare.com/client/v4.</summary>
    [Parameter]
    public string? Url { get; set; }

    /// <summary>An API token with the Workers CI Write permission; default $env:CLOUDFLARE_API_TOKEN.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiToken { get; set; }

    /// <summary>The account email for the legacy global API key; default $env:CLOUDFLARE_EMAIL.</summary>
    [Parameter]
    public string? Email { get; set; }

    /// <summary>The legacy global API key; default $env:CLOUDFLARE_API_KEY.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    protected override string PermissionAdvice => "Use an API token with the Workers CI Write permission (and Workers Scripts Read for -WorkerName), or the global key of an account member.";

    protected override void Connect() => client = CloudflareConnection.Connect(this, Url, ApiToken, Email, ApiKey);

    protected override void Process()
    {
        string account = CloudflareConnection.Account(this, AccountId);
        if (ParameterSetName == ByWorker)
        {
            CancelRunningBuilds(account);
            return;
        }

        foreach (Guid buildUuid in BuildUuid)
        {
            Cancel(
                $"Cloudflare Workers build {buildUuid} in account {account} at {HostOf(client!.BaseUrl)}",
                buildUuid,
                token => client.CancelBuildAsync(account, buildUuid, token));
        }
    }

    /// <summary>
    /// Lists the Worker's running builds (a read, made under -WhatIf too), then cancels each one as its own input:
    /// one ShouldProcess, one result per build, in the listing's order, up to -ThrottleLimit at once.
    /// </summary>
    private void CancelRunningBuilds(string account)
    {
        string worker = WorkerName;
        string? branch = string.IsNullOrEmpty(Branch) ? null : Branch;
        IReadOnlyList<CloudflareBuild> running;
        try
        {
            running = Invoke(token => client!.FindRunningBuildsAsync(account, worker, branch, token));
        }
        catch (ServiceException failure)
        {
            Fail(branch is null ? worker : $"{worker} ({branch})", failure);
            return;
        }

        string on = branch is null ? "" : $" on branch {branch}";
        foreach (CloudflareBuild build in running)
        {
            Guid uuid = build.BuildUuid;
            Cancel(
                $"Cloudflare Workers build {uuid} of Worker {worker}{on} ({build.BuildStatus}) in account {account} at {HostOf(client!.BaseUrl)}",
                build,
                token => client.CancelListedBuildAsync(build, token));
        }
    }
}
