namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Waiting and timing on a <see cref="TimeProvider"/>: the system's in use, a virtual one in tests, so that budgets,
/// retries and polls are tested without waiting in real time.
/// </summary>
internal static class Clock
{
    public static Task Delay(TimeProvider clock, TimeSpan wait, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(wait, clock, cancellationToken);
#else
        clock.Delay(wait, cancellationToken);
#endif

    /// <summary>
    /// Cancels <paramref name="source"/> after <paramref name="wait"/> on the clock: the source's own timer on the
    /// system's clock (no object more per request), a timer of the clock otherwise, returned to be disposed with it.
    /// </summary>
    public static IDisposable? CancelAfter(TimeProvider clock, CancellationTokenSource source, TimeSpan wait)
    {
        if (ReferenceEquals(clock, TimeProvider.System))
        {
            source.CancelAfter(wait);
            return null;
        }

        return clock.CreateTimer(state => ((CancellationTokenSource)state!).Cancel(), source, wait, Timeout.InfiniteTimeSpan);
    }

    public static TimeSpan Since(TimeProvider clock, long timestamp) => clock.GetElapsedTime(timestamp);
}
