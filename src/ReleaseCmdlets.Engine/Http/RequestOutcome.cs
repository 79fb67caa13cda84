namespace ReleaseCmdlets.Engine.Http;

/// <summary>The facts of one request as the shared handler leaves them, set once: what the client reports from.</summary>
internal readonly struct RequestOutcome
{
    public RequestOutcome(int attempts, bool attemptMayHaveLanded, TimeSpan? refusedWait, TimeSpan? leftWhenRefused)
    {
        Attempts = attempts;
        AttemptMayHaveLanded = attemptMayHaveLanded;
        RefusedWait = refusedWait;
        LeftWhenRefused = leftWhenRefused;
    }

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; }

    /// <summary>An attempt was sent and then lost its connection before an answer: the service may have acted on it.</summary>
    public bool AttemptMayHaveLanded { get; }

    /// <summary>A wait the service asked for that is longer than the request had left: the answer is final, and says when to try again.</summary>
    public TimeSpan? RefusedWait { get; }

    /// <summary>What was left of -TimeoutSec when that wait was refused.</summary>
    public TimeSpan? LeftWhenRefused { get; }
}
