using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>A failure rebuilt to say more (ServiceException.With) keeps every fact it is not told to change.</summary>
public class ServiceExceptionCopyTests
{
    private static readonly BasetenPromotion RampingDown = new() { ModelId = "m", Environment = "production", Status = "RAMPING_DOWN", IsFinal = false };

    [Fact]
    public void A_copy_keeps_every_fact_it_is_not_told_to_change()
    {
        var cause = new InvalidOperationException("cause");
        ServiceException original = ServiceException.NothingToCancel(ServiceErrorKind.InvalidOperation, "first", "NoPromotionInProgress", 400, "VALIDATION_ERROR", "req-1")
            .With(innerException: cause, earlierAttemptMayHaveLanded: true, lastKnown: RampingDown);

        ServiceException copy = original.With("second");

        Assert.Equal("second", copy.Message);
        Assert.Equal((original.Kind, original.StatusCode, original.ServiceCode, original.RequestId, original.ErrorId), (copy.Kind, copy.StatusCode, copy.ServiceCode, copy.RequestId, copy.ErrorId));
        Assert.Same(cause, copy.InnerException);
        Assert.True(copy.EarlierAttemptMayHaveLanded);
        Assert.Same(RampingDown, copy.LastKnown);
        Assert.True(copy.NothingInFlight);
    }

    [Fact]
    public async Task A_wait_whose_read_fails_keeps_the_facts_of_that_failure()
    {
        ServiceException unread = ServiceException.Answered(503, "Baseten answered 503.", requestId: "req-2")
            .With(earlierAttemptMayHaveLanded: true);

        var failed = await Assert.ThrowsAsync<ServiceException>(() => FinalStateWait.UntilFinalAsync<BasetenPromotion>(
            RampingDown, "the rollback", (_, _) => throw unread, new WaitOptions { Interval = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, CancellationToken.None));

        Assert.Equal(ErrorIds.WaitFailed, failed.ErrorId);
        Assert.Same(RampingDown, failed.LastKnown);
        Assert.Equal((503, "req-2"), (failed.StatusCode, failed.RequestId));
        Assert.True(failed.EarlierAttemptMayHaveLanded, "the wait's error dropped whether the failed read may have reached the service");
    }
}
