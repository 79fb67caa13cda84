using System.Security;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What resolving a command's connection needs, fixed when the command begins: its arguments (parameters, then
/// environment), its secret boundary, its log, and its request settings (-TimeoutSec, -MaximumRetryCount,
/// -RetryIntervalSec, -SkipCertificateCheck, -AllowUnencryptedAuthentication). The services' Connect code and its
/// helpers (<see cref="CloudFoundryConnection"/>, the Cloudflare credential rules, each service's in-flight connector)
/// are handed this, never the cmdlet, and refuse by throwing <see cref="RefusedArgumentException"/>.
/// </summary>
internal sealed class ConnectionContext
{
    public ConnectionContext(ArgumentResolver arguments, SecretBoundary secrets, PipelineLog log, RequestSettings requestSettings)
    {
        Arguments = arguments;
        Secrets = secrets;
        Log = log;
        RequestSettings = requestSettings;
    }

    public ArgumentResolver Arguments { get; }

    public SecretBoundary Secrets { get; }

    public PipelineLog Log { get; }

    /// <summary>The settings every client of the command (and the cf CLI session that renews its token) sends with.</summary>
    public RequestSettings RequestSettings { get; }

    /// <summary>The URL from the parameter, else the environment variable, else the fallback; refused when none.</summary>
    public Uri Url(string? parameter, string parameterName, string? environmentVariable, string? fallback = null, string fallbackSource = "The default URL") =>
        Arguments.Url(parameter, parameterName, environmentVariable, fallback, fallbackSource)
        ?? throw Arguments.Refused(ErrorIds.MissingUrl, $"No service URL: pass -{parameterName}{(environmentVariable is null ? "" : $" or set the {environmentVariable} environment variable")}.");

    /// <summary>The credential from the parameter, else the environment variable; refused when neither is set.</summary>
    public Secret Secret(SecureString? parameter, string parameterName, string? environmentVariable) =>
        Arguments.Secret(parameter, parameterName, environmentVariable)
        ?? throw MissingCredential(environmentVariable is null
            ? $"pass -{parameterName}"
            : $"pass -{parameterName} or set the {environmentVariable} environment variable");

    /// <summary>The refusal for a missing credential; the text says how to provide one.</summary>
    public RefusedArgumentException MissingCredential(string howToProvide) =>
        Arguments.Refused(ErrorIds.MissingCredential, $"No credential: {howToProvide}.", ErrorCategory.AuthenticationError);

    /// <summary>Refuses to send a credential in clear text to anything but this machine, unless the user said so.</summary>
    public void RequireSafeTransport(Uri url, string what = "a credential")
    {
        if (CredentialTransport.Refuses(url, RequestSettings.AllowUnencryptedAuthentication))
        {
            throw Arguments.Refused(ErrorIds.UnencryptedAuthenticationRefused, CredentialTransport.Refusal(url, what), ErrorCategory.SecurityError);
        }
    }
}
