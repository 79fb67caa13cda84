using System.Management.Automation;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Commands;

public class ErrorMappingTests
{
    [Theory]
    [InlineData(ServiceErrorKind.BadRequest, ErrorCategory.InvalidArgument, "InvalidRequest")]
    [InlineData(ServiceErrorKind.Unauthorized, ErrorCategory.AuthenticationError, "AuthenticationFailed")]
    [InlineData(ServiceErrorKind.Forbidden, ErrorCategory.PermissionDenied, "PermissionDenied")]
    [InlineData(ServiceErrorKind.NotFound, ErrorCategory.ObjectNotFound, "NotFound")]
    [InlineData(ServiceErrorKind.InvalidOperation, ErrorCategory.InvalidOperation, "InvalidOperation")]
    [InlineData(ServiceErrorKind.RateLimited, ErrorCategory.LimitsExceeded, "RateLimited")]
    [InlineData(ServiceErrorKind.ServiceUnavailable, ErrorCategory.ResourceUnavailable, "ServiceUnavailable")]
    [InlineData(ServiceErrorKind.ConnectionFailed, ErrorCategory.ConnectionError, "ConnectionFailed")]
    [InlineData(ServiceErrorKind.Timeout, ErrorCategory.OperationTimeout, "Timeout")]
    [InlineData(ServiceErrorKind.InvalidResponse, ErrorCategory.InvalidResult, "InvalidResponse")]
    public void Each_kind_has_its_category_and_stable_id(ServiceErrorKind kind, ErrorCategory category, string errorId)
    {
        ErrorRecord record = ErrorRecords.FromService(ServiceException.Refused(kind, "message"), "target", new SecretBoundary(Array.Empty<string>()));

        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal("target", record.TargetObject);
    }

    [Theory]
    [InlineData(400, ServiceErrorKind.BadRequest)]
    [InlineData(401, ServiceErrorKind.Unauthorized)]
    [InlineData(403, ServiceErrorKind.Forbidden)]
    [InlineData(404, ServiceErrorKind.NotFound)]
    [InlineData(409, ServiceErrorKind.InvalidOperation)]
    [InlineData(422, ServiceErrorKind.InvalidOperation)]
    [InlineData(429, ServiceErrorKind.RateLimited)]
    [InlineData(500, ServiceErrorKind.ServiceUnavailable)]
    [InlineData(503, ServiceErrorKind.ServiceUnavailable)]
    public void Statuses_map_to_kinds(int status, ServiceErrorKind kind)
    {
        Assert.Equal(kind, ServiceException.KindFromStatus(status));
    }

    [Fact]
    public void A_specific_error_id_wins_over_the_kind()
    {
        var exception = ServiceException.NothingToCancel(ServiceErrorKind.InvalidOperation, "Environment production has no in progress promotion.", "NoPromotionInProgress", 400, "VALIDATION_ERROR");

        ErrorRecord record = ErrorRecords.FromService(exception, null, new SecretBoundary(Array.Empty<string>()));

        Assert.Equal("NoPromotionInProgress", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
    }

    [Fact]
    public void Details_carry_the_service_message_code_and_request_id()
    {
        var exception = ServiceException.Answered(404, "Deployment not found", "CF-ResourceNotFound", "req-123");

        ErrorRecord record = ErrorRecords.FromService(exception, null, new SecretBoundary(Array.Empty<string>()));

        Assert.Equal("Deployment not found (HTTP 404, CF-ResourceNotFound, request id req-123)", record.ErrorDetails.Message);
    }

    [Fact]
    public void Secrets_are_scrubbed_from_message_details_and_exception()
    {
        var exception = ServiceException.Answered(401, "token s3cr3t-token-value is invalid");

        ErrorRecord record = ErrorRecords.FromService(exception, null, new SecretBoundary(new[] { "s3cr3t-token-value" }));

        Assert.DoesNotContain("s3cr3t-token-value", record.ErrorDetails.Message);
        Assert.DoesNotContain("s3cr3t-token-value", record.Exception.Message);
        Assert.DoesNotContain("s3cr3t-token-value", record.Exception.ToString());
        Assert.Contains("********", record.ErrorDetails.Message);
    }

    [Fact]
    public void Secrets_are_scrubbed_from_the_service_code_and_request_id_the_details_show()
    {
        // A proxy may echo a header into either: they reach ErrorDetails and the exception's members.
        var exception = ServiceException.Answered(400, "refused", "code-s3cr3t-token-value", "req-s3cr3t-token-value");

        ErrorRecord record = ErrorRecords.FromService(exception, null, new SecretBoundary(new[] { "s3cr3t-token-value" }));

        Assert.DoesNotContain("s3cr3t-token-value", record.ErrorDetails.Message);
        var safe = Assert.IsType<ServiceException>(record.Exception);
        Assert.Equal("code-********", safe.ServiceCode);
        Assert.Equal("req-********", safe.RequestId);
    }

    [Fact]
    public void The_attempt_facts_and_the_last_known_object_survive_the_scrubbing()
    {
        var lastKnown = new Baseten.BasetenPromotion { Id = "abc123xy" };
        var exception = ServiceException.Unanswered(ServiceErrorKind.ConnectionFailed, "connection lost", new IOException("reset")).With(earlierAttemptMayHaveLanded: true, lastKnown: lastKnown);

        ErrorRecord record = ErrorRecords.FromService(exception, null, new SecretBoundary(new[] { "s3cr3t-token-value" }));

        var safe = Assert.IsType<ServiceException>(record.Exception);
        Assert.True(safe.EarlierAttemptMayHaveLanded);
        Assert.Same(lastKnown, safe.LastKnown);
    }
}
