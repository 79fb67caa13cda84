using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>
/// The decision table of the one cancel-and-reconcile protocol, with a cancel and a read scripted by the test: what
/// the cancel answered × what the follow-up read found → the outcome and any warning.
/// </summary>
public class CancelOperationTests
{
    private readonly RecordingLog log = new();

    public enum Cancel { AnswersObject, AcceptedWithoutObject, Refused, FailsOtherwise }

    public enum Read { Cancelled, FinishedOtherwise, InProgress, Missing, Fails }

    public static TheoryData<Cancel, Read, string, bool> Table => new()
    {
        // cancel answered,          the read finds,          outcome (status or error id),  warns
        { Cancel.AnswersObject,         Read.Fails,              "from-answer",                 false },
        { Cancel.AcceptedWithoutObject, Read.InProgress,         "running",                     false },
        { Cancel.AcceptedWithoutObject, Read.Cancelled,          "cancelled",                   false },
        { Cancel.AcceptedWithoutObject, Read.Fails,              "assumed",                     true },
        { Cancel.AcceptedWithoutObject, Read.Missing,            "assumed",                     true },
        { Cancel.Refused,               Read.Cancelled,          "cancelled",                   false },
        { Cancel.Refused,               Read.FinishedOtherwise,  "error:Finished",              false },
        { Cancel.Refused,               Read.InProgress,         "error:InvalidRequest",        false },
        { Cancel.Refused,               Read.Missing,            "error:Missing",               false },
        { Cancel.Refused,               Read.Fails,              "error:InvalidRequest",        true },
        { Cancel.FailsOtherwise,        Read.Cancelled,          "error:ServiceUnavailable",    false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Decides(Cancel cancel, Read read, string outcome, bool warns)
    {
        var operation = new ScriptedCancel(cancel, read, log);

        string actual;
        try
        {
            actual = (await operation.RunAsync(default)).Status!;
        }
        catch (ServiceException error)
        {
            actual = "error:" + (error.ErrorId ?? ReleaseCmdlets.Commands.ErrorRecords.Of(error.Kind).Id);
            if (cancel == Cancel.Refused)
            {
                Assert.Contains("refused", error.Message);
            }
        }

        Assert.Equal(outcome, actual);
        Assert.Equal(warns, log.Warnings.Count > 0);
        Assert.Equal(cancel is Cancel.AnswersObject or Cancel.FailsOtherwise ? 0 : 1, operation.Reads);
    }

    [Fact]
    public async Task A_refusal_kept_is_the_refusal_itself_with_its_stack_trace()
    {
        var operation = new ScriptedCancel(Cancel.Refused, Read.InProgress, log);

        var kept = await Assert.ThrowsAsync<ServiceException>(() => operation.RunAsync(default));

        Assert.Same(operation.Thrown, kept);
        Assert.Contains(nameof(ScriptedCancel.Refuse), kept.StackTrace);
    }

    [Fact]
    public async Task A_refusal_explained_keeps_the_attempt_facts_and_the_refusal_inside()
    {
        var operation = new ScriptedCancel(Cancel.Refused, Read.Missing, log, landed: true);

        var explained = await Assert.ThrowsAsync<ServiceException>(() => operation.RunAsync(default));

        Assert.Equal("Missing", explained.ErrorId);
        Assert.True(explained.EarlierAttemptMayHaveLanded);
        Assert.Same(operation.Thrown, explained.InnerException);
    }

    private static BasetenPromotion Promotion(string status) => new() { Id = "m/production", Status = status };

    private sealed class ScriptedCancel : CancelOperation<BasetenPromotion>
    {
        private readonly Cancel cancel;
        private readonly Read read;
        private readonly bool landed;

        public ScriptedCancel(Cancel cancel, Read read, IRequestLog log, bool landed = false)
            : base("the thing", log)
        {
            this.cancel = cancel;
            this.read = read;
            this.landed = landed;
        }

        public int Reads { get; private set; }

        public ServiceException? Thrown { get; private set; }

        protected override string? FinishedErrorId => "Finished";

        protected override string MissingErrorId => "Missing";

        protected override async Task<ServiceResponse> SendAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            return cancel switch
            {
                Cancel.AnswersObject => new ServiceResponse(200, "from-answer", null),
                Cancel.AcceptedWithoutObject => new ServiceResponse(200, "", null),
                Cancel.Refused => Refuse(),
                _ => throw ServiceException.Answered(503, "down"),
            };
        }

        protected override BasetenPromotion? FromAnswer(ServiceResponse answer) => answer.Body.Length > 0 ? Promotion(answer.Body) : null;

        public ServiceResponse Refuse()
        {
            Thrown = ServiceException.Answered(400, "refused").With(earlierAttemptMayHaveLanded: landed);
            throw Thrown;
        }

        protected override bool IsRefusal(ServiceException refused) => refused.Kind == ServiceErrorKind.BadRequest;

        protected override Task<BasetenPromotion?> ReadAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return read switch
            {
                Read.Cancelled => Task.FromResult<BasetenPromotion?>(Promotion("cancelled")),
                Read.FinishedOtherwise => Task.FromResult<BasetenPromotion?>(Promotion("finished")),
                Read.InProgress => Task.FromResult<BasetenPromotion?>(Promotion("running")),
                Read.Missing => Task.FromResult<BasetenPromotion?>(null),
                _ => Task.FromException<BasetenPromotion?>(ServiceException.Answered(503, "read failed")),
            };
        }

        protected override CancelState StateOf(BasetenPromotion current) => current.Status switch
        {
            "cancelled" => CancelState.Cancelled,
            "finished" => CancelState.FinishedOtherwise,
            _ => CancelState.InProgress,
        };

        protected override BasetenPromotion AssumedCancelled() => Promotion("assumed");
    }

    private sealed class RecordingLog : IRequestLog
    {
        public List<string> Warnings { get; } = new();

        public bool VerboseEnabled => false;

        public bool DebugEnabled => false;

        public void Verbose(string message) { }

        public void Debug(string message) { }

        public void Warning(string message) => Warnings.Add(message);

        public void Waiting(string? status, DateTimeOffset until) { }
    }
}
