using System.Reflection;
using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>A ServiceException is made only by its named factories, each carrying the facts of what happened.</summary>
public class ServiceExceptionFactoryTests
{
    [Fact]
    public void It_has_no_constructor_outside_its_factories()
    {
        Assert.All(typeof(ServiceException).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance),
            constructor => Assert.True(constructor.IsPrivate, $"{constructor} is not private"));
    }

    [Theory]
    [InlineData(401, ServiceErrorKind.Unauthorized)]
    [InlineData(404, ServiceErrorKind.NotFound)]
    [InlineData(422, ServiceErrorKind.InvalidOperation)]
    [InlineData(503, ServiceErrorKind.ServiceUnavailable)]
    public void An_answer_takes_its_kind_from_the_status_and_keeps_the_service_s_facts(int status, ServiceErrorKind kind)
    {
        ServiceException answered = ServiceException.Answered(status, "refused", "CF-Code", "req-1");

        Assert.Equal((kind, (int?)status, "CF-Code", "req-1", (string?)null), (answered.Kind, answered.StatusCode, answered.ServiceCode, answered.RequestId, answered.ErrorId));
        Assert.False(answered.NothingInFlight);
    }

    [Fact]
    public void An_answer_read_by_the_service_s_own_rules_keeps_their_kind()
    {
        Assert.Equal(ServiceErrorKind.NotFound, ServiceException.Answered(200, "Not found", "12000", kind: ServiceErrorKind.NotFound).Kind);
    }

    [Fact]
    public void Nothing_to_cancel_is_what_IfInFlight_passes_over()
    {
        ServiceException finished = ServiceException.NothingToCancel(ServiceErrorKind.InvalidOperation, "no promotion", "NoPromotionInProgress", 400, "VALIDATION_ERROR", "req-2");

        Assert.True(finished.NothingInFlight);
        Assert.Equal(("NoPromotionInProgress", (int?)400, "VALIDATION_ERROR", "req-2"), (finished.ErrorId, finished.StatusCode, finished.ServiceCode, finished.RequestId));
    }

    [Fact]
    public void A_refusal_carries_no_status_since_nothing_was_asked_of_the_service()
    {
        ServiceException refused = ServiceException.Refused(ServiceErrorKind.BadRequest, "'..' is not a valid model id.", ErrorIds.InvalidPathValue);

        Assert.Equal((ServiceErrorKind.BadRequest, (int?)null, ErrorIds.InvalidPathValue), (refused.Kind, refused.StatusCode, refused.ErrorId));
    }

    [Fact]
    public void A_failed_transport_keeps_its_cause_and_a_wait_that_ended_keeps_the_object_as_last_seen()
    {
        var broken = new IOException("reset");
        var rampingDown = new BasetenPromotion { ModelId = "m", Environment = "production", Status = "RAMPING_DOWN", IsFinal = false };

        Assert.Same(broken, ServiceException.Unanswered(ServiceErrorKind.ConnectionFailed, "broke", broken).InnerException);
        Assert.Same(rampingDown, ServiceException.WaitEnded(ServiceErrorKind.Timeout, "still ramping down", ErrorIds.WaitTimedOut, rampingDown).LastKnown);
        Assert.Equal(ServiceErrorKind.InvalidResponse, ServiceException.UnexpectedAnswer("another app").Kind);
    }
}
