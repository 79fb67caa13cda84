using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Http;

/// <summary>How a -Wait is bounded and reported: the whole wait within <see cref="Limit"/>, a read every <see cref="Interval"/>.</summary>
public sealed class WaitOptions
{
    /// <summary>The most the whole wait may take (-TimeoutSec); null for no limit.</summary>
    public TimeSpan? Limit { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A longer pause the service asks for before the next read (a rate limit's reset), if any.</summary>
    public Func<TimeSpan?> PauseBeforeRead { get; set; } = () => null;

    /// <summary>Called before each pause with the object as last read, the time spent and the time left (null: no limit).</summary>
    public Action<ReleaseInfo, TimeSpan, TimeSpan?> OnPoll { get; set; } = (_, _, _) => { };
}

/// <summary>
/// The -Wait of every Stop cmdlet whose cancel finishes later: reads the object until it is final, within the limit.
/// A read that fails ends the wait with the object as last known and a warning (the cancel itself stands); the
/// limit passing is a timeout error, the service going on regardless.
/// </summary>
internal static class FinalStateWait
{
    public static async Task<T> UntilFinalAsync<T>(
        T current, string what, Func<T, CancellationToken, Task<T>> read, WaitOptions options, IRequestLog log, CancellationToken cancellationToken)
        where T : ReleaseInfo
    {
        var clock = Stopwatch.StartNew();
        while (!current.IsFinal)
        {
            TimeSpan? left = options.Limit - clock.Elapsed;
            options.OnPoll(current, clock.Elapsed, left);
            if (left <= TimeSpan.Zero)
            {
                throw new ServiceException(
                    ServiceErrorKind.Timeout,
                    $"{what} is still {current.Status} after {options.Limit!.Value.TotalSeconds:0} s (-TimeoutSec); the service goes on with it.",
                    errorId: ErrorIds.WaitTimedOut);
            }

            TimeSpan pause = options.PauseBeforeRead() is TimeSpan asked && asked > options.Interval ? asked : options.Interval;
            if (left is TimeSpan remaining && remaining < pause)
            {
                pause = remaining;
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            try
            {
                current = await read(current, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException unread) when (!cancellationToken.IsCancellationRequested)
            {
                log.Warning($"Stopped waiting for {what}: reading it failed ({unread.Message}); writing it as last seen ({current.Status}).");
                return current;
            }
        }

        return current;
    }
}
