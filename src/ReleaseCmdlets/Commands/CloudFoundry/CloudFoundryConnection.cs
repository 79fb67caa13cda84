using System.IO;
using System.Security;
using ReleaseCmdlets.Engine.CloudFoundry;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// How both Cloud Foundry cmdlets find their API, token and space: parameters first, else the cf CLI's config. A config
/// whose Target is another API than -Url, or that names no Target, gives nothing (no token, no space): what is then
/// missing is said, never taken silently from another foundation. A token from the config is renewed as the cf CLI renews it
/// (<see cref="CfConfigSession"/>); -Token never is.
/// </summary>
internal sealed class CloudFoundryConnection
{
    private readonly ConnectionContext connection;
    private CfCliConfig? config;
    private bool configLoaded;

    public CloudFoundryConnection(ConnectionContext connection) => this.connection = connection;

    /// <summary>The token given with -Token, once connected; null when the cf CLI's session is used.</summary>
    public CfCredential? Given { get; private set; }

    /// <summary>
    /// The cf CLI's session when its config targets exactly this API (Stop-InFlightRelease: an object listed there);
    /// null when it has no token or targets another API.
    /// </summary>
    public CfCredential? CliSessionFor(Uri apiUrl)
    {
        LoadCliConfig();
        DropConfigOfAnotherApi(apiUrl);
        if (config?.AccessToken is null)
        {
            return null;
        }

        var session = new CfConfigSession(config, connection.RequestSettings);
        connection.Secrets.Remember(() => session.Secrets);
        return session;
    }

    public CloudFoundryClient Connect(string? url, SecureString? token)
    {
        ArgumentResolver arguments = connection.Arguments;
        if (!arguments.Bound("Url") || !arguments.Bound("Token"))
        {
            LoadCliConfig();
        }

        Uri apiUrl = arguments.Url(url, "Url", null, config?.Target, $"The cf CLI's target in {CfCliConfig.DefaultPath()}")
            ?? throw arguments.Refused(ErrorIds.MissingUrl, $"No Cloud Foundry API endpoint: pass -Url, or run 'cf login' so that {CfCliConfig.DefaultPath()} names a target.");
        string? otherTarget = DropConfigOfAnotherApi(apiUrl);

        CfCredential credential;
        if (arguments.Secret(token, "Token", null) is Secret given)
        {
            credential = Given = CfCredential.Fixed(given);
        }
        else if (config?.AccessToken is not null)
        {
            credential = new CfConfigSession(config, connection.RequestSettings);
        }
        else
        {
            throw connection.MissingCredential(otherTarget is not null
                ? $"{otherTarget}, so its token is not used for {apiUrl.GetLeftPart(UriPartial.Authority)}: pass -Token for {apiUrl.GetLeftPart(UriPartial.Authority)}"
                : $"pass -Token (a UAA access token, e.g. from 'cf oauth-token'), or run 'cf login' so that {CfCliConfig.DefaultPath()} holds one");
        }

        connection.Secrets.Remember(() => credential.Secrets);
        connection.RequireSafeTransport(apiUrl);
        return new CloudFoundryClient(apiUrl, credential, connection.RequestSettings);
    }

    /// <summary>The cf CLI's target space, when its config is about this API (else every space is searched).</summary>
    public Guid? TargetSpace(Uri apiUrl)
    {
        LoadCliConfig();
        DropConfigOfAnotherApi(apiUrl);
        return config?.SpaceGuid;
    }

    /// <summary>Forgets a cf config whose target is not the API called (another API, or none); returns why, as a clause.</summary>
    private string? DropConfigOfAnotherApi(Uri apiUrl)
    {
        if (config is null || config.Targets(apiUrl))
        {
            return null;
        }

        string why = config.Target is string other ? $"the cf CLI is logged in to {other}" : $"the cf CLI config {config.Path} names no Target API";
        connection.Log.Verbose($"{apiUrl.GetLeftPart(UriPartial.Authority)} is not the cf CLI's target ({why}): nothing is taken from {config.Path}.");
        config = null;
        return why;
    }

    private void LoadCliConfig()
    {
        if (configLoaded)
        {
            return;
        }

        configLoaded = true;
        try
        {
            config = CfCliConfig.Load(CfCliConfig.DefaultPath());
        }
        catch (InvalidDataException ex)
        {
            throw new RefusedArgumentException(new ErrorRecord(ex, CloudFoundryErrorIds.InvalidCliConfig, ErrorCategory.InvalidData, CfCliConfig.DefaultPath()));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RefusedArgumentException(new ErrorRecord(ex, CloudFoundryErrorIds.CliConfigAccessDenied, ErrorCategory.PermissionDenied, CfCliConfig.DefaultPath()));
        }
        catch (IOException ex)
        {
            throw new RefusedArgumentException(new ErrorRecord(ex, CloudFoundryErrorIds.CliConfigUnavailable, ErrorCategory.ReadError, CfCliConfig.DefaultPath()));
        }
    }
}
