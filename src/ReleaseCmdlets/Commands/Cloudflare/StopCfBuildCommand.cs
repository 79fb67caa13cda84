using System.Threading;
using System.Threading.Tasks;
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
public sealed class StopCfBuildCommand : CloudflareCmdlet
{
    private const string ByInputObject = "InputObject";

    private static readonly PipedObjectRules Piping = new(
        typeof(CloudflareBuild),
        "Cloudflare",
        new[]
        {
            new[] { new[] { "BuildUuid", "BuildId", "build_uuid" } },
            new[] { new[] { "WorkerName" } },
        },
        new ObjectPlace("account", "AccountId", "AccountId", "account_id"));

    private readonly CancelRunSettings stop = new();
    private CancelRun? cancels;

    [Parameter(Mandatory = true, HelpMessage = Help.BuildUuid, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BuildId", "build_uuid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] BuildUuid { get; set; } = Array.Empty<Guid>();

    /// <summary>Cancel every build of this Worker (its script name) that is queued, initializing or running.</summary>
    [Parameter(Mandatory = true, HelpMessage = Help.WorkerName, ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(WorkerNameCompleter))]
    public string WorkerName { get; set; } = "";

    /// <summary>With -WorkerName: only the builds of this branch.</summary>
    [Parameter(ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Branch { get; set; }

    /// <summary>A build written by Get-CfBuild or Stop-CfBuild: cancelled in its own account, at the URL it was listed from.</summary>
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.InputObject, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    public ReleaseInfo? InputObject { get; set; }

    /// <summary>Any piped object as it came, whatever else it bound: checked before its target is cancelled (PipedObjectRules).</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? PipedObject { get; set; }

    /// <summary>Why the targets are cancelled. Cloudflare has no field for it, so it goes only to the verbose log, the CI summary and annotations.</summary>
    [Parameter]
    public string? Reason { get => stop.Reason; set => stop.Reason = value; }

    /// <summary>Cancel only what is in flight: a target that exists with nothing in flight is a verbose line, not an error (one that does not exist still is).</summary>
    [Parameter]
    public SwitchParameter IfInFlight { get => stop.OnlyIfInFlight; set => stop.OnlyIfInFlight = value; }

    /// <summary>How many cancels may be in flight at once; results keep the input order.</summary>
    [Parameter]
    [ValidateRange(1, RequestSettings.MaximumConcurrentRequests)]
    public int ThrottleLimit { get => stop.MaximumInFlight; set => stop.MaximumInFlight = value; }

    protected override string PermissionAdvice => CancelAdvice;

    /// <summary>What the credential must be allowed to cancel (said on a 403, here and in Stop-InFlightRelease).</summary>
    internal const string CancelAdvice = "Use an API token with the Workers CI Write permission (and Workers Scripts Read for -WorkerName), or the global key of an account member.";

    private CancelRun Cancels => cancels ??= StartCancels(stop);

    protected override void Process()
    {
        string account = Account();
        if (Cancels.Refusal(Piping, PipedObject, InputObject, Client.BaseUrl, account) is { } refused)
        {
            Perform(refused);
            return;
        }

        // The module's own build first, whatever set its properties bound: it names exactly one build.
        if (PipedObjectRules.Listed<CloudflareBuild>(PipedObject, InputObject) is CloudflareBuild build)
        {
            // Admitted: the build's own account is the one this command sends to.
            Perform(Cancels.Cancel(ListedTarget(build, Client.BaseUrl), build, CancelOf(Client, build)));
            return;
        }

        if (ParameterSetName == ByWorker)
        {
            CancelRunningBuilds(account);
            return;
        }

        foreach (Guid buildUuid in BuildUuid)
        {
            Perform(Cancels.Cancel(
                $"Cloudflare Workers build {buildUuid} in account {account} at {HostOf(Client.BaseUrl)}",
                buildUuid,
                token => Client.CancelBuildAsync(account, buildUuid, token)));
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
            running = Invoke(token => Client.FindRunningBuildsAsync(account, worker, branch, token));
        }
        catch (ServiceException failure)
        {
            Perform(Cancels.Fail(branch is null ? worker : $"{worker} ({branch})", failure));
            return;
        }

        foreach (CloudflareBuild build in running)
        {
            Perform(Cancels.Cancel(ListedTarget(build, Client.BaseUrl), build, CancelOf(Client, build)));
        }
    }

    /// <summary>A listed build as -WhatIf names it (here and in Stop-InFlightRelease): in its own account.</summary>
    internal static string ListedTarget(CloudflareBuild build, Uri url) =>
        $"Cloudflare Workers build {Described(build)} in account {build.AccountId} at {HostOf(url)}";

    /// <summary>The cancel of one listed build, keeping what the listing said of it.</summary>
    internal static Func<CancellationToken, Task<CloudflareBuild>> CancelOf(CloudflareClient client, CloudflareBuild build) =>
        token => client.CancelListedBuildAsync(build, token);

    /// <summary>A listed build as a person knows it: its uuid, Worker, branch and status.</summary>
    private static string Described(CloudflareBuild build)
    {
        string worker = build.Worker is null ? "" : $" of Worker '{build.Worker}'";
        string branch = build.Branch is null ? "" : $" on branch '{build.Branch}'";
        string status = build.Status is null ? "" : $" ({build.Status})";
        return $"{build.BuildUuid}{worker}{branch}{status}";
    }
}
