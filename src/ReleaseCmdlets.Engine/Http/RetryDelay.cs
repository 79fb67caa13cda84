using System.Net;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>How long to wait before the next attempt: what the service asked for, else exponential backoff with jitter.</summary>
internal static class RetryDelay
{
    private static readonly Random Jitter = new();

    public static (TimeSpan Wait, string Source) For(HttpResponseMessage? response, string? body, int attempt, RequestSettings settings, RetryPolicy policy)
    {
        TimeSpan? asked = response is null ? null
            : FromHeader(response, policy.MillisecondsHeader, settings.Clock) ?? (body is null || policy.WaitInBody is null ? null : policy.WaitInBody(body));
        if (asked is TimeSpan wait)
        {
            // Not capped: the handler refuses a wait longer than what the command has left, and says so.
            return (wait, "as the service asked (Retry-After)");
        }

        double factor = Math.Pow(2, attempt);
        double jitter;
        lock (Jitter)
        {
            jitter = 0.8 + (Jitter.NextDouble() * 0.4);
        }

        // Capped as a double: 2^attempt grows past what a TimeSpan holds long before -MaximumRetryCount's 100.
        double milliseconds = Math.Min(settings.RetryInterval.TotalMilliseconds * factor * jitter, settings.MaximumRetryWait.TotalMilliseconds);
        return (TimeSpan.FromMilliseconds(milliseconds), "backoff");
    }

    internal static TimeSpan? FromHeader(HttpResponseMessage response, string? millisecondsHeader, TimeProvider clock)
    {
        if (millisecondsHeader is not null && response.Headers.TryGetValues(millisecondsHeader, out var values)
            && double.TryParse(System.Linq.Enumerable.FirstOrDefault(values), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double milliseconds)
            && milliseconds >= 0)
        {
            return Asked(milliseconds / 1000);
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is DateTimeOffset date)
        {
            TimeSpan until = date - clock.GetUtcNow();
            return until < TimeSpan.Zero ? TimeSpan.Zero : until;
        }

        return null;
    }

    /// <summary>
    /// The longest wait a service's answer is taken to ask for: a larger number (1e30, say) is read as this, never as an
    /// overflow, and the handler then refuses it as longer than what the command has left.
    /// </summary>
    public static readonly TimeSpan LongestAsked = TimeSpan.FromDays(1);

    /// <summary>A wait a service asked for in seconds, bounded by <see cref="LongestAsked"/>; null for what is not a wait.</summary>
    public static TimeSpan? Asked(double seconds) =>
        double.IsNaN(seconds) || seconds < 0 ? null
        : seconds >= LongestAsked.TotalSeconds ? LongestAsked
        : TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
}
