using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Engine.Cloudflare;

namespace ReleaseCmdlets.Commands;

/// <summary>Lists Cloudflare Workers Builds (not Cloud Foundry: that is Get-CfDeployment), page by page as they are read.</summary>
[Cmdlet(VerbsCommon.Get, "CfBuild", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-CfBuild.md", DefaultParameterSetName = ByWorker)]
[OutputType(typeof(CloudflareBuild))]
public sealed class GetCfBuildCommand : CloudflareCmdlet
{
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.ListedWorkerName, Position = 0, ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(WorkerNameCompleter))]
    public string[] WorkerName { get; set; } = Array.Empty<string>();

    /// <summary>Which builds of the Worker: by their status; default the ones not stopped.</summary>
    [Parameter(ParameterSetName = ByWorker)]
    [ValidateSet("queued", "initializing", "running", "stopped")]
    public string[] Status { get; set; } = { "queued", "initializing", "running" };

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.BuildUuid, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BuildId", "build_uuid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] BuildUuid { get; set; } = Array.Empty<Guid>();

    protected override string PermissionAdvice => "Use an API token with Workers CI Read (or Write), and Workers Scripts Read for -WorkerName, or the global key of an account member.";

    protected override void Process()
    {
        string account = Account();
        if (ParameterSetName == ById)
        {
            WriteEach(BuildUuid, (uuid, token) => Client.GetBuildAsync(account, uuid, token));
            return;
        }

        string? branch = BranchOrNull;
        // ValidateSet takes any case; Workers Builds writes its statuses in lower case.
        string[] statuses = Array.ConvertAll(Status, value => value.ToLowerInvariant());
        foreach (string worker in WorkerName)
        {
            try
            {
                string tag = Invoke(token => Client.FindWorkerTagAsync(account, worker, token));
                CloudflareClient.BuildPages pages = Client.ListBuilds(account, tag, branch, statuses);
                WritePages<CloudflareBuild>(pages.NextAsync, build => build.Worker = worker);
            }
            catch (ServiceException failure)
            {
                WriteServiceError(failure, worker);
            }
        }
    }
}
