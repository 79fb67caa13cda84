namespace ReleaseCmdlets;

/// <summary>
/// Every error id the module writes, in one table for the engine and the cmdlets (FullyQualifiedErrorId is
/// "&lt;id&gt;,&lt;cmdlet class&gt;"). The ids by kind of failure come first; the rest name a cause of their own.
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
    public const string InvalidCliConfig = "InvalidCliConfig";
    public const string MissingAccountId = "MissingAccountId";
    public const string CredentialConflict = "CredentialConflict";
    public const string InvalidPathValue = "InvalidPathValue";
    public const string InvalidHeaderValue = "InvalidHeaderValue";
    public const string EmptyArgument = "EmptyArgument";

    // What a cancel found.
    public const string ReleaseNotFound = "ReleaseNotFound";
    public const string ReleaseAlreadyDeployed = "ReleaseAlreadyDeployed";
    public const string AppNotFound = "AppNotFound";
    public const string AmbiguousAppName = "AmbiguousAppName";
    public const string NameMismatch = "NameMismatch";
    public const string NoActiveDeployment = "NoActiveDeployment";
    public const string BuildAlreadyStopped = "BuildAlreadyStopped";
    public const string WorkerNotFound = "WorkerNotFound";
    public const string NoBuildInProgress = "NoBuildInProgress";
    public const string ModelNotFound = "ModelNotFound";
    public const string AmbiguousModelName = "AmbiguousModelName";
    public const string NoPromotionInProgress = "NoPromotionInProgress";
    public const string ForceCancelRefused = "ForceCancelRefused";
    public const string WaitTimedOut = "WaitTimedOut";
    public const string WaitFailed = "WaitFailed";
    public const string ResponseTooLarge = "ResponseTooLarge";
    public const string CliConfigBusy = "CliConfigBusy";
    public const string CliConfigAccessDenied = "CliConfigAccessDenied";
    public const string CliConfigUnavailable = "CliConfigUnavailable";

    // The module itself.
    public const string DependencyLoadFailed = "DependencyLoadFailed";
    public const string UnexpectedError = "UnexpectedError";

    /// <summary>The id of a failure of this kind when the failure names none of its own.</summary>
    public static string For(Http.ServiceErrorKind kind) => kind switch
    {
        Http.ServiceErrorKind.BadRequest => InvalidRequest,
        Http.ServiceErrorKind.Unauthorized => AuthenticationFailed,
        Http.ServiceErrorKind.Forbidden => PermissionDenied,
        Http.ServiceErrorKind.NotFound => NotFound,
        Http.ServiceErrorKind.InvalidOperation => InvalidOperation,
        Http.ServiceErrorKind.RateLimited => RateLimited,
        Http.ServiceErrorKind.ServiceUnavailable => ServiceUnavailable,
        Http.ServiceErrorKind.ConnectionFailed => ConnectionFailed,
        Http.ServiceErrorKind.Timeout => Timeout,
        Http.ServiceErrorKind.CertificateRejected => CertificateRejected,
        Http.ServiceErrorKind.ResourceBusy => ResourceBusy,
        _ => InvalidResponse,
    };
}
