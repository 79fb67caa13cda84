namespace ReleaseCmdlets.Commands;

/// <summary>The one place where failures become ErrorRecords: category, stable id, details, and no secrets.</summary>
internal static class ErrorRecords
{
    /// <summary>A service's failure as a record: stable id, category, scrubbed message and details, the advice for its kind.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="target">The input it is about.</param>
    /// <param name="secrets">The command's redaction boundary.</param>
    /// <param name="permissionAdvice">What the service's credential needs, for a refusal (403) of it.</param>
    public static ErrorRecord FromService(ServiceException exception, object? target, SecretBoundary secrets, string? permissionAdvice = null)
    {
        var safe = (ServiceException)secrets.Scrub(exception)!;
        string message = safe.Message;
        (string id, ErrorCategory category, string? advice) = Of(exception.Kind);
        var record = new ErrorRecord(safe, exception.ErrorId ?? id, category, target)
        {
            ErrorDetails = new ErrorDetails(Details(message, safe)),
        };

        string? action = exception.Kind == ServiceErrorKind.Forbidden && permissionAdvice is not null ? permissionAdvice : advice;
        if (action is not null)
        {
            record.ErrorDetails.RecommendedAction = action;
        }

        return record;
    }

    /// <summary>
    /// A refused credential (401) as the error that stops the command: every further input would fail the same way, so
    /// it reads no further input; <paramref name="alsoRefused"/> inputs already sent were refused too.
    /// </summary>
    public static ErrorRecord StoppedByRefusal(ErrorRecord refusal, int alsoRefused = 0)
    {
        string others = alsoRefused switch
        {
            0 => "",
            1 => " 1 other input already sent was refused too.",
            _ => $" {alsoRefused} other inputs already sent were refused too.",
        };
        refusal.ErrorDetails = new ErrorDetails(
            $"{refusal.ErrorDetails.Message} The credential was refused, so the command stopped and read no further input.{others}")
        {
            RecommendedAction = refusal.ErrorDetails.RecommendedAction,
        };
        return refusal;
    }

    /// <summary>
    /// Any other exception in a cancel (a defect of the module, not a service's answer): one non-terminating record for
    /// its input, scrubbed like every other.
    /// </summary>
    public static ErrorRecord Unexpected(Exception exception, object? target, SecretBoundary secrets)
    {
        Exception safe = secrets.Scrub(exception)!;
        return new ErrorRecord(safe, ErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target)
        {
            ErrorDetails = new ErrorDetails($"ReleaseCmdlets failed unexpectedly: {safe.Message}")
            {
                RecommendedAction = "Report this error with the command that caused it; other inputs were processed.",
            },
        };
    }

    /// <summary>A failure found by the cmdlet itself (missing URL, credential, release…), not reported by a service.</summary>
    public static ErrorRecord Setup(string errorId, string message, ErrorCategory category, object? target = null) =>
        new(category == ErrorCategory.InvalidArgument ? new PSArgumentException(message) : new PSInvalidOperationException(message), errorId, category, target);

    /// <summary>
    /// The one table of kinds of failure: the error id of a failure that names none of its own, its category, and what
    /// to do about it.
    /// </summary>
    public static (string Id, ErrorCategory Category, string? Action) Of(ServiceErrorKind kind) => kind switch
    {
        ServiceErrorKind.BadRequest => (ErrorIds.InvalidRequest, ErrorCategory.InvalidArgument, null),
        ServiceErrorKind.Unauthorized => (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError, "Check the credential: it may be missing, mistyped or expired."),
        ServiceErrorKind.Forbidden => (ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied, "Use a credential that is allowed to do this."),
        ServiceErrorKind.NotFound => (ErrorIds.NotFound, ErrorCategory.ObjectNotFound, null),
        ServiceErrorKind.InvalidOperation => (ErrorIds.InvalidOperation, ErrorCategory.InvalidOperation, null),
        ServiceErrorKind.RateLimited => (ErrorIds.RateLimited, ErrorCategory.LimitsExceeded, "Wait, or raise -MaximumRetryCount so that the cmdlet waits for the service."),
        ServiceErrorKind.ServiceUnavailable => (ErrorIds.ServiceUnavailable, ErrorCategory.ResourceUnavailable, null),
        ServiceErrorKind.ConnectionFailed => (ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError, null),
        ServiceErrorKind.Timeout => (ErrorIds.Timeout, ErrorCategory.OperationTimeout, "Raise -TimeoutSec (0 means no limit), or check that the service is healthy."),
        ServiceErrorKind.InvalidResponse => (ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, null),
        ServiceErrorKind.CertificateRejected => (ErrorIds.CertificateRejected, ErrorCategory.SecurityError, "Trust the authority that issued the server's certificate on this machine, or pass -SkipCertificateCheck for a server you trust."),
        ServiceErrorKind.ResourceBusy => (ErrorIds.ResourceBusy, ErrorCategory.ResourceBusy, "Let the other process finish (another cf command or ReleaseCmdlets session), then try again."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Details(string message, ServiceException exception)
    {
        var extras = new List<string>();
        if (exception.StatusCode is int status)
        {
            extras.Add($"HTTP {status}");
        }

        if (!string.IsNullOrEmpty(exception.ServiceCode))
        {
            extras.Add(exception.ServiceCode!);
        }

        if (!string.IsNullOrEmpty(exception.RequestId))
        {
            extras.Add($"request id {exception.RequestId}");
        }

        return extras.Count == 0 ? message : $"{message} ({string.Join(", ", extras)})";
    }
}
