using System.Security;
using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Engine.Cloudflare;

namespace ReleaseCmdlets.Commands;

/// <summary>Lists Cloudflare Workers Builds (not Cloud Foundry: that is Get-CfDeployment), page by page as they are read.</summary>
[Cmdlet(VerbsCommon.Get, "CfBuild", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-CfBuild.md", DefaultParameterSetName = ByWorker)]
[OutputType(typeof(CloudflareBuild))]
public sealed class GetCfBuildCommand : ServiceCmdlet
{
    private const string ById = "BuildUuid";
    private const string ByWorker = "WorkerName";

    private CloudflareClient? client;

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.ListedWorkerName, Position = 0, ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] WorkerName { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Branch { get; set; }

    /// <summary>Which builds of the Worker: by their status; default the ones not stopped.</summary>
    [Parameter(ParameterSetName = ByWorker)]
    [ValidateSet("queued", "initializing", "running", "stopped")]
    public string[] Status { get; set; } = { "queued", "initializing", "running" };

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.BuildUuid, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BuildId", "build_uuid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] BuildUuid { get; set; } = Array.Empty<Guid>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("account_id")]
    public string? AccountId { get; set; }

    [Parameter]
    public string? Url { get; set; }

    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiToken { get; set; }

    [Parameter]
    public string? Email { get; set; }

    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    protected override string PermissionAdvice => "Use an API token with Workers CI Read (or Write), and Workers Scripts Read for -WorkerName, or the global key of an account member.";

    protected override void Connect() => client = CloudflareConnection.Connect(this, Url, ApiToken, Email, ApiKey);

    protected override void Process()
    {
        string account = CloudflareConnection.Account(this, AccountId);
        if (ParameterSetName == ById)
        {
            foreach (Guid buildUuid in BuildUuid)
            {
                try
                {
                    WriteRelease(Invoke(token => client!.GetBuildAsync(account, buildUuid, token)));
                }
                catch (ServiceException failure)
                {
                    WriteServiceError(failure, buildUuid);
                }
            }

            return;
        }

        string? branch = string.IsNullOrEmpty(Branch) ? null : Branch;
        // ValidateSet takes any case; Workers Builds writes its statuses in lower case.
        string[] statuses = Array.ConvertAll(Status, value => value.ToLowerInvariant());
        foreach (string worker in WorkerName)
        {
            try
            {
                string tag = Invoke(token => client!.FindWorkerTagAsync(account, worker, token));
                for (int page = 1; ; page++)
                {
                    int number = page;
                    ListingPage<CloudflareBuild> builds = Invoke(token => client!.ListBuildsAsync(account, tag, branch, statuses, number, token));
                    foreach (CloudflareBuild build in builds.Items)
                    {
                        WriteRelease(build);
                    }

                    if (!builds.HasMore)
                    {
                        break;
                    }
                }
            }
            catch (ServiceException failure)
            {
                WriteServiceError(failure, worker);
            }
        }
    }
}
