namespace ReleaseCmdlets.Engine.Http;

/// <summary>How a -Wait is bounded and reported: the whole wait within <see cref="Limit"/>, a read every <see cref="Interval"/>.</summary>
public sealed class WaitOptions
{
    /// <summary>The most the whole wait may take (-TimeoutSec); null for no limit.</summary>
    public TimeSpan? Limit { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Called before each pause with the object as last read, the time spent and the time left (null: no limit).</summary>
    public Action<ReleaseInfo, TimeSpan, TimeSpan?> OnPoll { get; set; } = (_, _, _) => { };
}

/// <summary>
/// The -Wait of every Stop cmdlet whose cancel finishes later: reads the object until it is final, within the limit,
/// the last read included. A read that fails (<c>WaitFailed</c>) or the limit passing (<c>WaitTimedOut</c>) ends the wait
/// with an error that carries the object as last known, so that both are written: the cancel itself stands.
/// </summary>
internal static class FinalStateWait
{
    public static async Task<T> UntilFinalAsync<T>(
        T current, string what, Func<T, CancellationToken, Task<T>> read, WaitOptions options, TimeProvider clock, CancellationToken cancellationToken)
        where T : ReleaseInfo
    {
        long started = clock.GetTimestamp();
        while (!current.IsFinal)
        {
            TimeSpan elapsed = Clock.Since(clock, started);
            TimeSpan? left = options.Limit - elapsed;
            options.OnPoll(current, elapsed, left);
            if (left <= TimeSpan.Zero)
            {
                throw TimedOut(current, what, options);
            }

            TimeSpan pause = options.Interval;
            if (left is TimeSpan remaining && remaining < pause)
            {
                pause = remaining;
            }

            await Clock.Delay(clock, pause, cancellationToken).ConfigureAwait(false);
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using IDisposable? pollLimit = options.Limit - Clock.Since(clock, started) is TimeSpan pollLeft
                ? Clock.CancelAfter(clock, poll, pollLeft > TimeSpan.Zero ? pollLeft : TimeSpan.FromMilliseconds(1))
                : null;

            try
            {
                current = await read(current, poll.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(current, what, options);
            }
            catch (ServiceException unread) when (!cancellationToken.IsCancellationRequested)
            {
                throw unread.With(
                    $"Stopped waiting for {what}: reading it failed ({unread.Message}). It was last seen {current.Status}; the service goes on with it.",
                    errorId: ErrorIds.WaitFailed,
                    innerException: unread,
                    lastKnown: current);
            }
        }

        return current;
    }

    private static ServiceException TimedOut(ReleaseInfo current, string what, WaitOptions options) =>
        ServiceException.WaitEnded(
            ServiceErrorKind.Timeout,
            $"{what} is still {current.Status} after {options.Limit!.Value.TotalSeconds:0} s (-TimeoutSec); the service goes on with it.",
            ErrorIds.WaitTimedOut,
            current);
}
