using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Engine.Cloudflare;

namespace ReleaseCmdlets.Commands;

/// <summary>Lists Cloudflare Workers Builds (not Cloud Foundry: that is Get-CfDeployment), page by page as they are read.</summary>
[Cmdlet(VerbsCommon.Get, "CfBuild", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-CfBuild.md", DefaultParameterSetName = InAccount)]
[OutputType(typeof(CloudflareBuild))]
public sealed class GetCfBuildCommand : CloudflareCmdlet
{
    /// <summary>Neither a Worker nor a build named: every Worker of the account.</summary>
    private const string InAccount = "Account";

    [Parameter(Mandatory = true, HelpMessage = Help.ListedWorkerName, Position = 0, ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(WorkerNameCompleter))]
    public string[] WorkerName { get; set; } = Array.Empty<string>();

    /// <summary>Which builds: by their status; default the ones not stopped.</summary>
    [Parameter(ParameterSetName = ByWorker)]
    [Parameter(ParameterSetName = InAccount)]
    [ValidateSet("queued", "initializing", "running", "stopped")]
    public string[] Status { get; set; } = { "queued", "initializing", "running" };

    /// <summary>Only the builds of this branch.</summary>
    [Parameter(ParameterSetName = ByWorker, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = InAccount)]
    [ValidateNotNullOrEmpty]
    public string? Branch { get; set; }

    [Parameter(Mandatory = true, HelpMessage = Help.BuildUuid, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BuildId", "build_uuid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] BuildUuid { get; set; } = Array.Empty<Guid>();

    protected override string PermissionAdvice => "Use an API token with Workers CI Read (or Write), and Workers Scripts Read to find Workers (-WorkerName, or none named), or the global key of an account member.";

    protected override void Process()
    {
        string account = Account();
        if (ParameterSetName == ById)
        {
            WriteEach(BuildUuid, (uuid, token) => Client.GetBuildAsync(account, uuid, token));
            return;
        }

        string? branch = string.IsNullOrEmpty(Branch) ? null : Branch;
        // ValidateSet takes any case; Workers Builds writes its statuses in lower case.
        string[] statuses = Array.ConvertAll(Status, value => value.ToLowerInvariant());
        if (ParameterSetName == InAccount)
        {
            WriteAccount(account, branch, statuses);
            return;
        }

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

    /// <summary>
    /// Every Worker of the account (one request), then each one's builds, written Worker by Worker as they are read. A
    /// piped input that names no Worker and no build is refused: it must not list the whole account once per input.
    /// </summary>
    private void WriteAccount(string account, string? branch, string[] statuses)
    {
        if (MyInvocation.ExpectingInput)
        {
            Report(ErrorRecords.Setup(ErrorIds.UnrelatedInputObject, "A piped input names no Worker (WorkerName) and no build (BuildUuid); to list every Worker of the account, run Get-CfBuild without input.", ErrorCategory.InvalidArgument));
            return;
        }

        IReadOnlyList<CloudflareWorker> workers;
        try
        {
            workers = Invoke(token => Client.ListWorkersAsync(account, "Listing the builds of every Worker", "or pass -BuildUuid, which needs Workers CI Read alone", token));
        }
        catch (ServiceException failure)
        {
            WriteServiceError(failure, account);
            return;
        }

        WriteFromEach(workers, $"Reading the builds of the {workers.Count} Workers of Cloudflare account {account}", worker => worker.Name, (worker, token) => Client.ReadBuildsAsync(account, worker, branch, statuses, token));
    }
}
