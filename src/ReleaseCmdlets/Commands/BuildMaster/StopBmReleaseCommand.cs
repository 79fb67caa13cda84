using System.Threading;
using System.Threading.Tasks;
using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Engine.BuildMaster;

namespace ReleaseCmdlets.Commands;

/// <summary>Cancels BuildMaster releases (Cancel Release) and writes each as it is afterwards.</summary>
/// <remarks>
/// The sets mirror the API's rule: the application is required with a release number and must not be sent with a
/// release id. The module's objects bind by type to -InputObject (another service's are refused there, by
/// PipedObjectRules); other objects bind by property name.
/// </remarks>
[Cmdlet(VerbsLifecycle.Stop, "BmRelease", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Stop-BmRelease.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(BuildMasterRelease))]
public sealed class StopBmReleaseCommand : BuildMasterCmdlet
{
    private const string ById = "ReleaseId";
    private const string ByNumberAndAppId = "ApplicationId";
    private const string ByNumberAndAppName = "ApplicationName";
    private const string ByInputObject = "InputObject";
    internal const string ReleaseNumberHint = "For a release number (such as 1.2), pass -ReleaseNumber with -ApplicationName or -ApplicationId.";
    internal const string ApplicationNameHint = "For an application's name, pass -ApplicationName.";

    private static readonly PipedObjectRules Piping = new(typeof(BuildMasterRelease), "BuildMaster", new[]
    {
        new[] { new[] { "ReleaseId", "id" } },
        new[] { new[] { "ReleaseNumber" }, new[] { "ApplicationId" }, new[] { "ApplicationName" } },
    });

    private readonly CancelRunSettings stop = new();
    private CancelRun? cancels;

    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseId, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("id")]
    [ExactIdTransformation(typeof(int[]), Hint = ReleaseNumberHint)]
    public int[] ReleaseId { get; set; } = Array.Empty<int>();

    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseNumber, Position = 0, ParameterSetName = ByNumberAndAppId, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, HelpMessage = Help.ReleaseNumber, Position = 0, ParameterSetName = ByNumberAndAppName, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ReleaseNumber { get; set; } = "";

    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationId, ParameterSetName = ByNumberAndAppId, ValueFromPipelineByPropertyName = true)]
    [ExactIdTransformation(typeof(int), Hint = ApplicationNameHint)]
    public int ApplicationId { get; set; }

    [Parameter(Mandatory = true, HelpMessage = Help.ApplicationName, ParameterSetName = ByNumberAndAppName, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ApplicationNameCompleter))]
    public string ApplicationName { get; set; } = "";

    /// <summary>A release written by Get-BmRelease or Stop-BmRelease (typed as any of the module's objects, so that another service's is refused by name).</summary>
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.InputObject, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    public ReleaseInfo? InputObject { get; set; }

    /// <summary>Any piped object as it came, whatever else it bound: checked before its target is cancelled (PipedObjectRules).</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? PipedObject { get; set; }

    /// <summary>Why the targets are cancelled. BuildMaster records it (its API does not give it back); it is also in the verbose log, the CI summary and annotations.</summary>
    [Parameter]
    public string? Reason { get => stop.Reason; set => stop.Reason = value; }

    /// <summary>Cancel only what is in flight: a target that exists with nothing in flight is a verbose line, not an error (one that does not exist still is).</summary>
    [Parameter]
    public SwitchParameter IfInFlight { get => stop.OnlyIfInFlight; set => stop.OnlyIfInFlight = value; }

    /// <summary>How many cancels may be in flight at once; results keep the input order.</summary>
    [Parameter]
    [ValidateRange(1, RequestSettings.MaximumConcurrentRequests)]
    public int ThrottleLimit { get => stop.MaximumInFlight; set => stop.MaximumInFlight = value; }

    private CancelRun Cancels => cancels ??= StartCancels(stop);

    protected override void Process()
    {
        if (Cancels.Refusal(Piping, PipedObject, InputObject, Client.BaseUrl) is { } refused)
        {
            Perform(refused);
            return;
        }

        if (PipedObjectRules.Listed<BuildMasterRelease>(PipedObject, InputObject) is BuildMasterRelease listed)
        {
            Perform(Cancels.Cancel(ListedTarget(listed, Client.BaseUrl), listed, CancelOf(Client, ReleaseSelector.ById(listed.ReleaseId), Reason)));
            return;
        }

        switch (ParameterSetName)
        {
            case ByNumberAndAppId:
                CancelRelease(ReleaseSelector.ByNumber(ReleaseNumber, ApplicationId), ReleaseNumber);
                break;
            case ByNumberAndAppName:
                CancelRelease(ReleaseSelector.ByNumber(ReleaseNumber, ApplicationName), ReleaseNumber);
                break;
            default:
                // Each id is an input of its own, as if piped: one ShouldProcess and one result each, in order.
                foreach (int id in ReleaseId)
                {
                    CancelRelease(ReleaseSelector.ById(id), id);
                }

                break;
        }
    }

    private void CancelRelease(ReleaseSelector selector, object target) =>
        Perform(Cancels.Cancel($"BuildMaster {selector} at {HostOf(Client.BaseUrl)}", target, CancelOf(Client, selector, Reason)));

    /// <summary>A listed release as -WhatIf names it (here and in Stop-InFlightRelease).</summary>
    internal static string ListedTarget(BuildMasterRelease listed, Uri url)
    {
        string name = string.IsNullOrEmpty(listed.ReleaseName) || listed.ReleaseName == listed.ReleaseNumber ? "" : $" '{listed.ReleaseName}'";
        return $"BuildMaster release {listed.ReleaseNumber}{name} of application {listed.ApplicationName} (release id {listed.ReleaseId}) at {HostOf(url)}";
    }

    /// <summary>The cancel of one release, with the reason BuildMaster records.</summary>
    internal static Func<CancellationToken, Task<BuildMasterRelease>> CancelOf(BuildMasterClient client, ReleaseSelector selector, string? reason)
    {
        string sent = reason ?? "";
        return token => client.CancelReleaseAsync(selector, sent, token);
    }
}
