using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Http;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>
/// The decision table of the one cancel-and-reconcile protocol, with the cancel and the read as plain functions: what
/// the cancel answered × what the follow-up read found → the outcome and any warning.
/// </summary>
public class CancelProtocolTests
{
    private static readonly ServiceException Refusal = new(ServiceErrorKind.BadRequest, "refused", 400);
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
        int reads = 0;
        var protocol = new CancelProtocol<BasetenPromotion>
        {
            What = "the thing",
            Cancel = _ => cancel switch
            {
                Cancel.AnswersObject => Task.FromResult<BasetenPromotion?>(Promotion("from-answer")),
                Cancel.AcceptedWithoutObject => Task.FromResult<BasetenPromotion?>(null),
                Cancel.Refused => Task.FromException<BasetenPromotion?>(Refusal),
                _ => Task.FromException<BasetenPromotion?>(new ServiceException(ServiceErrorKind.ServiceUnavailable, "down", 503)),
            },
            IsRefusal = refused => refused.Kind == ServiceErrorKind.BadRequest,
            Read = _ =>
            {
                reads++;
                return read switch
                {
                    Read.Cancelled => Task.FromResult<BasetenPromotion?>(Promotion("cancelled")),
                    Read.FinishedOtherwise => Task.FromResult<BasetenPromotion?>(Promotion("finished")),
                    Read.InProgress => Task.FromResult<BasetenPromotion?>(Promotion("running")),
                    Read.Missing => Task.FromResult<BasetenPromotion?>(null),
                    _ => Task.FromException<BasetenPromotion?>(new ServiceException(ServiceErrorKind.NotFound, "read failed", 404)),
                };
            },
            StateOf = promotion => promotion.Status switch
            {
                "cancelled" => CancelState.Cancelled,
                "finished" => CancelState.FinishedOtherwise,
                _ => CancelState.InProgress,
            },
            AssumedCancelled = () => Promotion("assumed"),
            FinishedErrorId = "Finished",
            MissingErrorId = "Missing",
            Log = log,
        };

        string actual;
        try
        {
            actual = (await protocol.RunAsync(default)).Status!;
        }
        catch (ServiceException error)
        {
            actual = "error:" + (error.ErrorId ?? ErrorIds.For(error.Kind));
            if (cancel == Cancel.Refused)
            {
                Assert.Contains("refused", error.Message);
            }
        }

        Assert.Equal(outcome, actual);
        Assert.Equal(warns, log.Warnings.Count > 0);
        Assert.Equal(cancel is Cancel.AnswersObject or Cancel.FailsOtherwise ? 0 : 1, reads);
    }

    private static BasetenPromotion Promotion(string status) => new() { Id = "m/production", Status = status };

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
