using System.Security;
using System.Text.RegularExpressions;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Where a cmdlet's URL, credentials and other settings come from, and the checks they pass before any request. A
/// parameter that was passed is used as given: empty or blank, it is an error naming it (<c>EmptyArgument</c>), never a
/// reason to look elsewhere. Only a parameter that was not passed falls back to its environment variable or default.
/// Text is trimmed of surrounding white space (the line break of <c>Get-Content -Raw</c> or a pasted CI secret);
/// what goes into a request header must then be visible ASCII (<see cref="HeaderValue"/>).
/// </summary>
internal sealed class ArgumentResolver
{
    private static readonly Regex RepeatedSlashes = new("/{2,}", RegexOptions.CultureInvariant);
    private readonly SecretBoundary secrets;
    private IDictionary<string, object> bound = new Dictionary<string, object>();
    private HashSet<string> commandLine = new(StringComparer.OrdinalIgnoreCase);

    public ArgumentResolver(SecretBoundary secrets) => this.secrets = secrets;

    /// <summary>
    /// Takes the command's bound parameters (PowerShell's live dictionary, which piped input binds into) and notes those
    /// passed on the command line (BeginProcessing, before any pipeline input is bound).
    /// </summary>
    public void Begin(IDictionary<string, object> boundParameters)
    {
        bound = boundParameters;
        commandLine = new HashSet<string>(boundParameters.Keys, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether the parameter was passed on the command line.</summary>
    public bool Bound(string parameterName) => commandLine.Contains(parameterName);

    /// <summary>The parameter's text if passed (refused when blank), else the environment variable's; null when neither.</summary>
    public string? Text(string? value, string parameterName, string? environmentVariable)
    {
        if (Given(parameterName, value))
        {
            return Passed(value, parameterName, environmentVariable);
        }

        string? fromEnvironment = environmentVariable is null ? null : Environment.GetEnvironmentVariable(environmentVariable);
        if (fromEnvironment is null)
        {
            return null;
        }

        // Set but blank (an unset CI secret mapped into the step's environment): checked as a parameter is, never a
        // reason to take another variable or another kind of credential instead.
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? throw Refused(
                ErrorIds.EmptyArgument,
                $"The {environmentVariable} environment variable is set, but its value is blank. A variable that is set is used as given, never passed over for another: give it a value, remove it, or pass -{parameterName}.")
            : fromEnvironment.Trim();
    }

    /// <summary>Like <see cref="Text"/>, for text that goes into a request header.</summary>
    public string? HeaderText(string? value, string parameterName, string? environmentVariable)
    {
        string? text = Text(value, parameterName, environmentVariable);
        return text is null ? null : CheckedHeader(text, parameterName, environmentVariable);
    }

    /// <summary>The credential from the parameter if passed (refused when blank), else from the environment variable; null when neither.</summary>
    public Secret? Secret(SecureString? value, string parameterName, string? environmentVariable)
    {
        string? text = Given(parameterName, value) ? Passed(value is null ? null : new Secret(value).Reveal(), parameterName, environmentVariable) : Text(null, parameterName, environmentVariable);
        return text is null ? null : secrets.Remember(Engine.Http.Secret.FromPlainText(CheckedHeader(text, parameterName, environmentVariable)));
    }

    /// <summary>
    /// The service's base URL: the parameter if passed, else the environment variable, else the fallback (null when none).
    /// Absolute http(s) only, without user info, query or fragment; a path prefix (a reverse proxy's) is kept, with
    /// repeated slashes folded and one slash at the end.
    /// </summary>
    public Uri? Url(string? value, string parameterName, string? environmentVariable, string? fallback, string fallbackSource)
    {
        string? text = Text(value, parameterName, environmentVariable);
        string source = text is null ? fallbackSource : Source(parameterName, environmentVariable);
        text ??= fallback;
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw Refused(ErrorIds.InvalidUrl, $"{source} must be an absolute http:// or https:// URL.");
        }

        if (url.UserInfo.Length > 0)
        {
            throw Refused(ErrorIds.InvalidUrl, $"{source} must not contain a user name or password (user:password@); pass the credential with its own parameter.");
        }

        if (text.IndexOfAny(new[] { '?', '#' }) >= 0)
        {
            throw Refused(ErrorIds.InvalidUrl, $"{source} must not contain a query (?…) or a fragment (#…): it is the base that the API's paths are added to.");
        }

        string path = RepeatedSlashes.Replace(url.AbsolutePath, "/").TrimEnd('/') + "/";
        return new Uri(url.GetLeftPart(UriPartial.Authority) + path, UriKind.Absolute);
    }

    /// <summary>A terminating refusal before any request (thrown by the cmdlet, after the results of earlier inputs).</summary>
    public RefusedArgumentException Refused(string errorId, string message, ErrorCategory category = ErrorCategory.InvalidArgument) =>
        new(ErrorRecords.Setup(errorId, message, category));

    /// <summary>
    /// Passed on the command line (even as $null), or bound from the current piped object with a value. A piped object
    /// without the property leaves the parameter listed as bound with its default (null), just like a property that is
    /// $null, so from the pipeline only a value counts as given.
    /// </summary>
    private bool Given(string parameterName, object? value) =>
        Bound(parameterName) || (value is not null && bound.ContainsKey(parameterName));

    private string Passed(string? value, string parameterName, string? environmentVariable)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            string instead = environmentVariable is null ? "" : $" and never replaced by the {environmentVariable} environment variable";
            throw Refused(
                ErrorIds.EmptyArgument,
                $"-{parameterName} was passed, but its value is empty. A parameter that is passed is used as given{instead}: pass a value, or leave -{parameterName} out.");
        }

        return value!.Trim();
    }

    private string CheckedHeader(string text, string parameterName, string? environmentVariable) =>
        HeaderValue.Problem(text) is string problem
            ? throw Refused(
                ErrorIds.InvalidHeaderValue,
                $"{Source(parameterName, environmentVariable)} contains {problem}, so it cannot be sent in a request header; nothing was sent. Check that the value was copied whole and alone.")
            : text;

    private string Source(string parameterName, string? environmentVariable) =>
        Bound(parameterName) || environmentVariable is null ? $"-{parameterName}" : $"The {environmentVariable} environment variable";
}

/// <summary>A setting refused before any request; the cmdlet stops with its record.</summary>
internal sealed class RefusedArgumentException : Exception
{
    public RefusedArgumentException(ErrorRecord record)
        : base(record.Exception.Message) => Record = record;

    public ErrorRecord Record { get; }
}
