namespace ReleaseCmdlets.Engine.Http;

/// <summary>Cloud Controller's X-RateLimit-* headers: a global limit, an estimate of what is left, the counter's reset.</summary>
internal sealed class CounterEstimate
{
    public CounterEstimate(int globalLimit, int remaining, long resetEpochSeconds)
    {
        GlobalLimit = globalLimit;
        Remaining = remaining;
        ResetEpochSeconds = resetEpochSeconds;
    }

    public int GlobalLimit { get; }

    public int Remaining { get; }

    public long ResetEpochSeconds { get; }

    /// <summary>
    /// The tenths of the enforcing counter left, rounded down: Cloud Controller estimates Remaining as
    /// floor((limit - count) / limit, 1 decimal) × the global limit (middleware/base_rate_limiter.rb estimate_remaining).
    /// </summary>
    public int TenthsLeft => GlobalLimit <= 0 ? 0 : (int)Math.Min(10, Math.Floor((Remaining * 10.0 / GlobalLimit) + 0.0001));
}
