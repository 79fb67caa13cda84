namespace ReleaseCmdlets.Commands;

/// <summary>
/// One service as Stop-InFlightRelease cancels it: the module's object it takes, and how it connects to the URL an
/// object was listed at (<see cref="Connect"/>). Each service's own file says it; <see cref="InFlightServices"/> lists them.
/// </summary>
internal abstract class InFlightService
{
    /// <summary>The module's object of this service.</summary>
    public abstract Type ObjectType { get; }

    /// <summary>The service as its objects name it (<see cref="ReleaseInfo.Provider"/>).</summary>
    public abstract string Provider { get; }

    /// <summary>What the service's credential must be allowed, said when the service refuses it (403).</summary>
    public abstract string PermissionAdvice { get; }

    /// <summary>
    /// The client for the objects listed at <paramref name="site"/>'s URL, with the credential configured for exactly that
    /// URL (<see cref="SiteCredentials.For{TCredential}"/>); a refusal naming what to set is thrown as a
    /// <see cref="RefusedArgumentException"/>.
    /// </summary>
    public abstract InFlightConnection Connect(SiteCredentials credentials, CancelSite site);
}

/// <summary>A service connected at one URL: cancels each of its objects listed there as that service's Stop cmdlet would.</summary>
internal sealed class InFlightConnection
{
    private readonly Action<StopInFlightReleaseCommand, ReleaseInfo> cancel;

    public InFlightConnection(CancelSite site, Action<StopInFlightReleaseCommand, ReleaseInfo> cancel) => (Site, this.cancel) = (site, cancel);

    public CancelSite Site { get; }

    /// <summary>Queues the cancel of one object of the service (ShouldProcess first), on the command's pipeline thread.</summary>
    public void Cancel(StopInFlightReleaseCommand command, ReleaseInfo listed) => cancel(command, listed);
}

/// <summary>Where a service's URL and credential come from when none was given in the session: its environment variables.</summary>
internal sealed class ConfiguredBy
{
    /// <param name="urlVariable">The variable that names the URL (null: only the default).</param>
    /// <param name="defaultUrl">The URL when the variable is not set (null: none).</param>
    /// <param name="credentialVariables">The credential's variables, as a refusal names them.</param>
    /// <param name="listCommand">The Get cmdlet and parameters that give a credential for a URL in the session.</param>
    public ConfiguredBy(string? urlVariable, string? defaultUrl, string credentialVariables, string listCommand) =>
        (UrlVariable, DefaultUrl, CredentialVariables, ListCommand) = (urlVariable, defaultUrl, credentialVariables, listCommand);

    public string? UrlVariable { get; }

    public string? DefaultUrl { get; }

    public string CredentialVariables { get; }

    public string ListCommand { get; }
}
