using System;

namespace ReleaseCmdlets.Errors;

/// <summary>A failed call to a service: what kind of failure, the HTTP status, the service's code, message and request id.</summary>
public sealed class ServiceException : Exception
{
    public ServiceException(
        ServiceErrorKind kind,
        string message,
        int? statusCode = null,
        string? serviceCode = null,
        string? requestId = null,
        string? errorId = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ServiceCode = serviceCode;
        RequestId = requestId;
        ErrorId = errorId;
    }

    public ServiceErrorKind Kind { get; }

    public int? StatusCode { get; }

    /// <summary>The service's own error code or title (e.g. CF-UnprocessableEntity, 12000, VALIDATION_ERROR).</summary>
    public string? ServiceCode { get; }

    public string? RequestId { get; }

    /// <summary>A specific error id that overrides the one derived from <see cref="Kind"/>.</summary>
    public string? ErrorId { get; }

    /// <summary>
    /// Whether an earlier attempt of the failed request may have reached the service: it was sent, then timed out or
    /// lost its connection before an answer. An attempt answered with 429 or 503, or one that never connected, did not.
    /// </summary>
    public bool EarlierAttemptMayHaveLanded { get; internal set; }

    /// <summary>
    /// The object as last known when the failure came after the cancel itself (a -Wait whose poll failed or ran out of
    /// time): it is written as well as the error, since the cancel stands.
    /// </summary>
    public ReleaseInfo? LastKnown { get; internal set; }

    /// <summary>
    /// True when the target exists but has nothing in flight to cancel: it finished otherwise (deployed, finalized,
    /// stopped, succeeded), or there is no deployment, build or promotion under way. What -IfInFlight passes over.
    /// </summary>
    public bool NothingInFlight { get; internal set; }

    /// <summary>
    /// A copy that says more (another message, kind or error id, the object as last known, this failure as its cause),
    /// keeping every fact not named: status, the service's code and request id, whether an earlier attempt may have
    /// landed, the object as last known, whether nothing was in flight. The one way to rebuild a failure, so that no
    /// rebuild can drop a fact.
    /// </summary>
    public ServiceException With(
        string? message = null,
        ServiceErrorKind? kind = null,
        string? errorId = null,
        Exception? innerException = null,
        string? serviceCode = null,
        string? requestId = null,
        bool? earlierAttemptMayHaveLanded = null,
        ReleaseInfo? lastKnown = null,
        bool? nothingInFlight = null) =>
        new(kind ?? Kind, message ?? Message, StatusCode, serviceCode ?? ServiceCode, requestId ?? RequestId, errorId ?? ErrorId, innerException ?? InnerException)
        {
            EarlierAttemptMayHaveLanded = earlierAttemptMayHaveLanded ?? EarlierAttemptMayHaveLanded,
            LastKnown = lastKnown ?? LastKnown,
            NothingInFlight = nothingInFlight ?? NothingInFlight,
        };

    public static ServiceErrorKind KindFromStatus(int status) => status switch
    {
        400 => ServiceErrorKind.BadRequest,
        401 => ServiceErrorKind.Unauthorized,
        403 => ServiceErrorKind.Forbidden,
        404 => ServiceErrorKind.NotFound,
        409 or 422 => ServiceErrorKind.InvalidOperation,
        429 => ServiceErrorKind.RateLimited,
        >= 500 => ServiceErrorKind.ServiceUnavailable,
        >= 200 and < 300 => ServiceErrorKind.InvalidResponse,
        _ => ServiceErrorKind.BadRequest,
    };
}
