using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Cancels any mix of the module's own objects, each on its own service as that service's Stop cmdlet would, at the URL
/// it was listed from and with the credential configured for exactly that URL: one given in this session for it, else
/// the environment's (or the cf CLI's) when it names that URL. Nothing else is taken: an Import-Csv row or another
/// module's object does not say which service it belongs to.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "InFlightRelease", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Stop-InFlightRelease.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
// Each object comes back in its service's own type; naming the base type keeps a fifth service out of this file.
[OutputType(typeof(ReleaseInfo))]
public sealed class StopInFlightReleaseCommand : ServiceCmdlet
{
    /// <summary>What lists the module's objects: "Get-BmRelease, Get-CfDeployment, … or a Stop cmdlet".</summary>
    private static readonly Lazy<string> Services = new(() => string.Join(", ", ServiceRegistrations.All.Select(service => service.ListCmdlet)) + " or a Stop cmdlet");
    private readonly Dictionary<string, InFlightConnection> connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ErrorRecord> refusals = new(StringComparer.Ordinal);
    private SiteCredentials? credentials;
    private readonly CancelRunSettings stop = new();
    private CancelRun? cancels;

    public StopInFlightReleaseCommand() => stop.SiteRefused = SiteRefused;

    /// <summary>Objects written by the module's Get or Stop cmdlets, of any service.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = HelpMessages.AnyInputObject, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Wait until each cancel is final where its service's Stop cmdlet can (Cloud Foundry, Baseten), within -TimeoutSec each.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Why the targets are cancelled: sent to BuildMaster, which records it; for the others in the verbose log, the CI summary and annotations.</summary>
    [Parameter]
    public string? Reason { get => stop.Reason; set => stop.Reason = value; }

    /// <summary>Cancel only what is in flight: a target that exists with nothing in flight is a verbose line, not an error.</summary>
    [Parameter]
    public SwitchParameter IfInFlight { get => stop.OnlyIfInFlight; set => stop.OnlyIfInFlight = value; }

    /// <summary>How many cancels may be in flight at once on each service; results keep the input order.</summary>
    [Parameter]
    [ValidateRange(1, RequestSettings.MaximumConcurrentRequests)]
    public int ThrottleLimit { get => stop.MaximumInFlight; set => stop.MaximumInFlight = value; }

    protected override string PermissionAdvice => "Use a credential of the object's service that may cancel it (see that service's Stop cmdlet).";

    private protected override string Provider => "";

    /// <summary>Never one URL: each object is written with its own site's.</summary>
    private protected override Uri ServiceBaseUrl => throw new InvalidOperationException("Stop-InFlightRelease writes each object with the URL of its own service.");

    /// <summary>Nothing to resolve before the first object: each service connects when its first object comes.</summary>
    protected override void Connect()
    {
    }

    private CancelRun Cancels => cancels ??= StartCancels(stop);

    /// <summary>What a cancel with -Wait is handed to wait with (by the service's connection).</summary>
    internal FinalStateWaiter Waiter => Cancels.Waiter;

    protected override void Process()
    {
        foreach (PSObject input in InputObject)
        {
            if (input?.BaseObject is not ReleaseInfo listed || ServiceRegistrations.For(listed) is not ServiceRegistration service)
            {
                Perform(Cancels.Fail(input!, ErrorRecords.Setup(ErrorIds.UnrelatedInputObject, NotTaken(input), ErrorCategory.InvalidArgument, input)));
                continue;
            }

            if (!Uri.TryCreate(listed.ServiceUrl, UriKind.Absolute, out Uri? url))
            {
                Perform(Cancels.Fail(listed, ErrorRecords.Setup(ErrorIds.OriginMismatch, $"The {listed.Provider} object {VisibleText.Of(listed.Id)} does not say where it was listed, so it is not cancelled anywhere: list it with {Services.Value}.", ErrorCategory.InvalidArgument, listed)));
                continue;
            }

            var site = new CancelSite(service.Provider, url, service.PermissionAdvice);
            if (ConnectionAt(service, site) is InFlightConnection connection)
            {
                connection.Cancel(this, listed);
            }
            else
            {
                ErrorRecord refusal = refusals[Key(site)];
                Perform(Cancels.Fail(listed, new ErrorRecord(refusal.Exception, refusal.FullyQualifiedErrorId, refusal.CategoryInfo.Category, listed) { ErrorDetails = refusal.ErrorDetails }, site));
            }
        }
    }

    /// <summary>Starts the cancel of one listed object on its site (called by the service's connection).</summary>
    internal void CancelAt<T>(CancelSite site, string asked, ReleaseInfo listed, Func<CancellationToken, Task<T>> cancel, string action = "Cancel")
        where T : ReleaseInfo =>
        Perform(Cancels.Cancel(asked, listed, cancel, action, site));

    /// <summary>The service connected at the object's URL, once per URL; null when refused (the refusal is kept for its other objects).</summary>
    private InFlightConnection? ConnectionAt(ServiceRegistration service, CancelSite site)
    {
        string key = Key(site);
        if (connections.TryGetValue(key, out InFlightConnection? known))
        {
            return known;
        }

        if (refusals.ContainsKey(key))
        {
            return null;
        }

        try
        {
            InFlightConnection connection = service.Connect(credentials ??= new SiteCredentials(Connection), site);
            connections.Add(key, connection);
            return connection;
        }
        catch (RefusedArgumentException refused)
        {
            refusals.Add(key, refused.Record);
            return null;
        }
    }

    /// <summary>
    /// A service refused the credential for a URL (401): that site's further objects are this error, with no request;
    /// the other services go on.
    /// </summary>
    private void SiteRefused(CancelSite site, ErrorRecord refusal)
    {
        string key = Key(site);
        connections.Remove(key);
        refusals[key] = refusal;
    }

    private static string Key(CancelSite site) => $"{site.Provider} {site.BaseUrl.AbsoluteUri}";

    private static string NotTaken(PSObject? input)
    {
        string? typeName = input is null ? null : input.TypeNames.Count > 0 ? input.TypeNames[0] : input.BaseObject.GetType().FullName;
        const string Deserialized = "Deserialized.";
        if (typeName is not null && typeName.StartsWith(Deserialized + typeof(ReleaseInfo).Namespace + ".", StringComparison.Ordinal))
        {
            return $"A deserialized {VisibleText.Of(typeName.Substring(Deserialized.Length))} (from Import-Clixml, a job or a remote session) is not taken: only the objects this session listed say with which credential they may be cancelled. Pipe it to its service's Stop cmdlet, which takes it by its properties, or list it again.";
        }

        return $"An object of type {VisibleText.Of(typeName ?? "null")} is not taken: Stop-InFlightRelease takes only the module's own objects (from {Services.Value}), since nothing else says which service it belongs to. Pipe ids, Import-Csv rows and other objects to the service's own Stop cmdlet.";
    }
}
