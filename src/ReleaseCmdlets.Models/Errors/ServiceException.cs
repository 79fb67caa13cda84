using System;

namespace ReleaseCmdlets.Errors;

/// <summary>
/// A failed call to a service: what kind of failure, the HTTP status, the service's code, message and request id. Made
/// only by the named factories below (what happened decides which facts it carries) and copied only with
/// <see cref="With"/>, which keeps every fact not named.
/// </summary>
public sealed class ServiceException : Exception
{
    private ServiceException(
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

    /// <summary>The service answered with an error: its status (the kind unless the service's rules say another), code and request id.</summary>
    internal static ServiceException Answered(
        int statusCode, string message, string? serviceCode = null, string? requestId = null, ServiceErrorKind? kind = null, string? errorId = null) =>
        new(kind ?? KindFromStatus(statusCode), message, statusCode, serviceCode, requestId, errorId);

    /// <summary>The answer is not what the API documents, or not what was asked (another object, a redirect, too large).</summary>
    internal static ServiceException UnexpectedAnswer(
        string message, int? statusCode = null, string? requestId = null, string? errorId = null, Exception? cause = null) =>
        new(ServiceErrorKind.InvalidResponse, message, statusCode, requestId: requestId, errorId: errorId, innerException: cause);

    /// <summary>
    /// The target exists with nothing in flight to cancel (it finished otherwise, or nothing is under way): what
    /// -IfInFlight passes over. The service's answer, when it said so, keeps its status, code and request id.
    /// </summary>
    internal static ServiceException NothingToCancel(
        ServiceErrorKind kind, string message, string errorId, int? statusCode = null, string? serviceCode = null, string? requestId = null) =>
        new(kind, message, statusCode, serviceCode, requestId, errorId) { NothingInFlight = true };

    /// <summary>The module acts on nothing: what was named is not valid, not found or not one thing, or no request may be sent now.</summary>
    internal static ServiceException Refused(ServiceErrorKind kind, string message, string? errorId = null) =>
        new(kind, message, errorId: errorId);

    /// <summary>No whole answer came: the connection failed or broke, the certificate was refused, the time ran out.</summary>
    internal static ServiceException Unanswered(ServiceErrorKind kind, string message, Exception cause) =>
        new(kind, message, innerException: cause);

    /// <summary>Something on this machine stops the call before it reaches the service (the cf CLI's config file or its lock).</summary>
    internal static ServiceException Local(ServiceErrorKind kind, string message, string? errorId = null, Exception? cause = null) =>
        new(kind, message, errorId: errorId, innerException: cause);

    /// <summary>A -Wait after a cancel that stands ended without a final state: the object as last seen goes with the error.</summary>
    internal static ServiceException WaitEnded(ServiceErrorKind kind, string message, string errorId, ReleaseInfo lastKnown) =>
        new(kind, message, errorId: errorId) { LastKnown = lastKnown };

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
