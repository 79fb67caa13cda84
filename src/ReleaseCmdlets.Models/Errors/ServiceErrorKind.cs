namespace ReleaseCmdlets.Errors;

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

    /// <summary>The server's certificate was not accepted (untrusted, expired, another name): retrying cannot help.</summary>
    CertificateRejected,

    /// <summary>Something on this machine the command needs is held by another process (a lock file).</summary>
    ResourceBusy,
}
