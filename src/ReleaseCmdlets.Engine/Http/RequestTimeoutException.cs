namespace ReleaseCmdlets.Engine.Http;

/// <summary>An attempt outlived the per-request limit (as opposed to a user's Ctrl+C, which is an OperationCanceledException).</summary>
internal sealed class RequestTimeoutException : Exception
{
    public RequestTimeoutException(TimeSpan limit, bool idle = false)
        : base(idle
            ? $"The service sent no whole element of the listing for {limit.TotalSeconds:0.###} s while the answer was being read (-TimeoutSec)."
            : $"The service did not answer within {limit.TotalSeconds:0.###} s (-TimeoutSec).")
    {
        Limit = limit;
    }

    public TimeSpan Limit { get; }
}
