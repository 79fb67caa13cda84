namespace ReleaseCmdlets.Http;

/// <summary>What went wrong, independent of the service; the cmdlets map it to an ErrorCategory.</summary>
public enum ServiceErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    InvalidOperation,
    RateLimited,
    ServiceUnavailable,
    ConnectionFailed,
    Timeout,
    InvalidResponse,
}
