using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Engine.BuildMaster;

namespace ReleaseCmdlets.Commands;

/// <summary>Lists BuildMaster releases (Release &amp; Build Deployment API, Get Releases), streaming them as they are read.</summary>
/// <remarks>
/// The parameter sets are the cross product of "no/by id/by name application" and "no/by id/by number/by name release",
/// so the binder itself refuses two application keys or two release keys.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "BmRelease", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-BmRelease.md", DefaultParameterSetName = All)]
[OutputType(typeof(BuildMasterRelease))]
public sealed class GetBmReleaseCommand : BuildMasterCmdlet
{
    private const string All = "All";
    private const string AppId = "ApplicationId";
    private const string AppName = "ApplicationName";
    private const string RelId = "ReleaseId";
    private const string RelNumber = "ReleaseNumber";
    private const string RelName = "ReleaseName";
    private const string AppIdRelId = AppId + RelId;
    private const string AppIdRelNumber = AppId + RelNumber;
    private const string AppIdRelName = AppId + RelName;
    private const string AppNameRelId = AppName + RelId;
    private const string AppNameRelNumber = AppName + RelNumber;
    private const string AppNameRelName = AppName + RelName;

    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationId, ParameterSetName = AppId)]
    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationId, ParameterSetName = AppIdRelId)]
    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationId, ParameterSetName = AppIdRelNumber)]
    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationId, ParameterSetName = AppIdRelName)]
    [ExactIdTransformation(typeof(int), Hint = StopBmReleaseCommand.ApplicationNameHint)]
    public int ApplicationId { get; set; }

    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationName, ParameterSetName = AppName)]
    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationName, ParameterSetName = AppNameRelId)]
    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationName, ParameterSetName = AppNameRelNumber)]
    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationName, ParameterSetName = AppNameRelName)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationNameCompleter))]
    public string ApplicationName { get; set; } = "";

    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseId, Position = 0, ParameterSetName = RelId)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseId, Position = 0, ParameterSetName = AppIdRelId)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseId, Position = 0, ParameterSetName = AppNameRelId)]
    [ExactIdTransformation(typeof(int[]), Hint = StopBmReleaseCommand.ReleaseNumberHint)]
    public int[] ReleaseId { get; set; } = Array.Empty<int>();

    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseNumber, ParameterSetName = RelNumber)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseNumber, ParameterSetName = AppIdRelNumber)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseNumber, ParameterSetName = AppNameRelNumber)]
    [ValidateNotNullOrEmpty]
    public string ReleaseNumber { get; set; } = "";

    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseName, ParameterSetName = RelName)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseName, ParameterSetName = AppIdRelName)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseName, ParameterSetName = AppNameRelName)]
    [ValidateNotNullOrEmpty]
    public string ReleaseName { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PipelineName { get; set; }

    /// <summary>active, canceled or deployed.</summary>
    [Parameter]
    [ValidateSet("active", "canceled", "deployed")]
    public string? Status { get; set; }

    protected override void Process()
    {
        if (!Arguments.Bound(nameof(ReleaseId)))
        {
            List(Query(releaseId: null));
            return;
        }

        // Get Releases filters by one release id: each id is its own query, in the order given.
        foreach (int id in ReleaseId)
        {
            List(Query(id));
        }
    }

    private ReleaseQuery Query(int? releaseId) => new()
    {
        ApplicationId = Arguments.Bound(nameof(ApplicationId)) ? ApplicationId : null,
        ApplicationName = Arguments.Bound(nameof(ApplicationName)) ? ApplicationName : null,
        ReleaseId = releaseId,
        ReleaseNumber = Arguments.Bound(nameof(ReleaseNumber)) ? ReleaseNumber : null,
        ReleaseName = Arguments.Bound(nameof(ReleaseName)) ? ReleaseName : null,
        PipelineName = PipelineName,
        Status = Status?.ToLowerInvariant(),
    };

    private void List(ReleaseQuery query)
    {
        int written = 0;
        using (ReleaseStream releases = Client.OpenReleases(query, Cancellation))
        {
            try
            {
                while (Invoke(_ => releases.MoveNextAsync()))
                {
                    WriteRelease(releases.Current);
                    written++;
                }
            }
            catch (ServiceException exception)
            {
                WriteServiceError(exception, query);
                return;
            }

            if (releases.Dropped > 0)
            {
                string releasesText = releases.Dropped == 1 ? "1 release that does not match" : $"{releases.Dropped} releases that do not match";
                Log.Warning(
                    $"BuildMaster listed {releasesText} the filters sent ({query}); they were left out. " +
                    "The server, or a proxy in front of it, ignored a filter: check its version and what reaches it.");
                Log.WriteTo(this);
            }
        }

        if (written == 0 && (query.ReleaseId is not null || query.ReleaseNumber is not null))
        {
            string which = query.ReleaseId is int id ? $"id {id}" : $"number '{query.ReleaseNumber}'";
            Report(ErrorRecords.Setup(BuildMasterErrorIds.ReleaseNotFound, $"BuildMaster has no release with {which} that matches the filters.", ErrorCategory.ObjectNotFound, query));
        }
    }
}
