namespace ReleaseCmdlets.Commands;

/// <summary>
/// Where Stop-InFlightRelease's services find the credential for the URL an object was listed at, from the command's
/// <see cref="ConnectionContext"/>: one given in this session for exactly that URL (<see cref="SessionCredentials"/>),
/// else the environment's when its URL is exactly that one. Each service's <see cref="ServiceRegistration.Connect"/> gets this.
/// </summary>
internal sealed class SiteCredentials
{
    public SiteCredentials(ConnectionContext connection) => Connection = connection;

    /// <summary>The command's connection context: secrets, arguments, request settings.</summary>
    public ConnectionContext Connection { get; }

    /// <summary>
    /// A credential given in this session for exactly this URL (as a parameter of a cmdlet that then wrote an object
    /// listed there), or null; the URL is first checked to be one a credential may be sent to.
    /// </summary>
    public TCredential? GivenFor<TCredential>(CancelSite site)
        where TCredential : class
    {
        Connection.RequireSafeTransport(site.BaseUrl);
        return SessionCredentials.Find<TCredential>(site.Provider, site.BaseUrl);
    }

    /// <summary>
    /// The credential given in this session for the URL, else the environment's when its URL (or the service's default)
    /// is exactly this one. A credential is never sent to another URL than the one it is configured for: anything else
    /// is a refusal that names what to set.
    /// </summary>
    public TCredential For<TCredential>(CancelSite site, ConfiguredBy configured, Func<TCredential?> fromEnvironment)
        where TCredential : class
    {
        if (GivenFor<TCredential>(site) is TCredential given)
        {
            return given;
        }

        Uri url = site.BaseUrl;
        string orGive = $"or give one in this session: {configured.ListCommand.Replace("<url>", url.AbsoluteUri)}";
        Uri? configuredUrl = Connection.Arguments.Url(null, "Url", configured.UrlVariable, configured.DefaultUrl, "The default URL");
        if (configuredUrl is null)
        {
            throw Connection.Arguments.Refused(ErrorIds.MissingCredential, $"No credential for {site.Provider} at {url}: set {configured.UrlVariable} to {url} and {configured.CredentialVariables}, {orGive}.", ErrorCategory.AuthenticationError);
        }

        if (!string.Equals(configuredUrl.AbsoluteUri, url.AbsoluteUri, StringComparison.Ordinal))
        {
            string source = configured.UrlVariable is string variable && Environment.GetEnvironmentVariable(variable) is not null ? variable : "the service's default URL";
            throw Connection.Arguments.Refused(
                ErrorIds.OriginMismatch,
                $"The object was listed at {url}, but {source} is {configuredUrl}: the credential configured for {configuredUrl} is never sent to another URL, and none was given for {url} in this session. Set {configured.UrlVariable ?? "the URL"} to {url} and {configured.CredentialVariables}, {orGive}.");
        }

        return fromEnvironment()
            ?? throw Connection.Arguments.Refused(ErrorIds.MissingCredential, $"No credential for {site.Provider} at {url}: set {configured.CredentialVariables}, {orGive}.", ErrorCategory.AuthenticationError);
    }
}
