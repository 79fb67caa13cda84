namespace ReleaseCmdlets.Errors;

/// <summary>
/// The error ids every service shares (FullyQualifiedErrorId is "&lt;id&gt;,&lt;cmdlet class&gt;"). A service's own
/// ids (what its cancel found) live in its folder of the engine, as &lt;Service&gt;ErrorIds; the id of a failure that
/// names none is its kind's, in ErrorRecords' table of kinds.
/// </summary>
public static class ErrorIds
{
    // By kind of failure (ServiceErrorKind), when nothing more specific is known.
    public const string InvalidRequest = "InvalidRequest";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string PermissionDenied = "PermissionDenied";
    public const string NotFound = "NotFound";
    public const string InvalidOperation = "InvalidOperation";
    public const string RateLimited = "RateLimited";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string ConnectionFailed = "ConnectionFailed";
    public const string Timeout = "Timeout";
    public const string InvalidResponse = "InvalidResponse";
    public const string CertificateRejected = "CertificateRejected";
    public const string ResourceBusy = "ResourceBusy";

    // Before any request: the command cannot start.
    public const string MissingUrl = "MissingUrl";
    public const string InvalidUrl = "InvalidUrl";
    public const string MissingCredential = "MissingCredential";
    public const string UnencryptedAuthenticationRefused = "UnencryptedAuthenticationRefused";
    public const string InvalidPathValue = "InvalidPathValue";
    public const string InvalidHeaderValue = "InvalidHeaderValue";
    public const string EmptyArgument = "EmptyArgument";

    // Before any request, for one piped input: what it names is not taken as it is.
    public const string OriginMismatch = "OriginMismatch";
    public const string ObjectOfAnotherService = "ObjectOfAnotherService";
    public const string UnrelatedInputObject = "UnrelatedInputObject";
    public const string ConflictingTargets = "ConflictingTargets";

    // What any cancel or listing may meet.
    public const string WaitTimedOut = "WaitTimedOut";
    public const string WaitFailed = "WaitFailed";
    public const string ResponseTooLarge = "ResponseTooLarge";

    // The module itself.
    public const string DependencyLoadFailed = "DependencyLoadFailed";
    public const string UnexpectedError = "UnexpectedError";
}
