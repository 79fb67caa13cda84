using System;

namespace ReleaseCmdlets.Http;

/// <summary>An attempt outlived the per-request limit (as opposed to a user's Ctrl+C, which is an OperationCanceledException).</summary>
internal sealed class RequestTimeoutException : Exception
{
    public RequestTimeoutException(TimeSpan limit)
        : base($"The service did not answer within {limit.TotalSeconds:0.###} s (-TimeoutSec).")
    {
        Limit = limit;
    }

    public TimeSpan Limit { get; }
}
