namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A documented request quota: so many requests per window, and the longest window the service's limits have. What an
/// answer's headers say of a reset is bounded by the longest window: a reset further away is read as that, and expires.
/// </summary>
public sealed class RateQuota
{
    public RateQuota(int requests, TimeSpan window, TimeSpan? longestWindow = null, bool firstRequestAlone = false)
    {
        Requests = requests;
        Window = window;
        LongestWindow = longestWindow ?? window;
        FirstRequestAlone = firstRequestAlone;
    }

    public int Requests { get; }

    public TimeSpan Window { get; }

    public TimeSpan LongestWindow { get; }

    /// <summary>
    /// Whether the first request of a budget goes alone, until its answer shows the service's limits: for a service
    /// whose limits may allow fewer requests at once than -ThrottleLimit sends (a burst policy) and where one refused
    /// request is a penalty (Cloudflare blocks the user for five minutes). It costs one round trip per session.
    /// </summary>
    public bool FirstRequestAlone { get; }
}
