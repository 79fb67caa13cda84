using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// One service, as its own folder registers it (<c>Commands/&lt;Service&gt;/&lt;Service&gt;Registration.cs</c>, found by
/// <see cref="ServiceRegistrations"/>): what the shared code, the tests and the docs read of it. Its description for the
/// shared HTTP stack (retried statuses, where it names a wait, its request-id header, its quota), the environment
/// variables its cmdlets read, the module's object of it, the advice of a 403, and how Stop-InFlightRelease connects to
/// the URL an object was listed at (<see cref="Connect"/>).
/// </summary>
internal abstract class ServiceRegistration
{
    /// <summary>The service as the shared HTTP stack knows it (the engine's <c>&lt;Service&gt;Service.Description</c>).</summary>
    public abstract ServiceDescription Description { get; }

    /// <summary>
    /// The answers the service's client retries, as the help of -MaximumRetryCount says them (docs/Build-Help.ps1):
    /// "Cloud Foundry 429, 500, 502, 503, 504 (as the cf CLI)".
    /// </summary>
    public string RetriedAnswers => $"{Description.Name} {Description.Retries.Describe()}" + (RetriesAs is string source ? $" ({source})" : "");

    /// <summary>Whose retries the service's are modelled on, when they are someone's ("as the cf CLI"); null when they are the module's choice.</summary>
    protected virtual string? RetriesAs => null;

    /// <summary>Every environment variable the service's cmdlets read.</summary>
    public abstract IReadOnlyList<string> Variables { get; }

    /// <summary>Where the service stands among the module's services, by when it was added: the order messages list them in.</summary>
    public abstract int Added { get; }

    /// <summary>The Get cmdlet that lists the service's objects.</summary>
    public abstract string ListCmdlet { get; }

    /// <summary>The module's object of this service.</summary>
    public abstract Type ObjectType { get; }

    /// <summary>The service as its objects name it (<see cref="ReleaseInfo.Provider"/>).</summary>
    public abstract string Provider { get; }

    /// <summary>What the service's credential must be allowed to cancel, said when the service refuses it (403).</summary>
    public abstract string PermissionAdvice { get; }

    /// <summary>
    /// The client for the objects listed at <paramref name="site"/>'s URL, with the credential configured for exactly that
    /// URL (<see cref="SiteCredentials.For{TCredential}"/>); a refusal naming what to set is thrown as a
    /// <see cref="RefusedArgumentException"/>.
    /// </summary>
    public abstract InFlightConnection Connect(SiteCredentials credentials, CancelSite site);
}
