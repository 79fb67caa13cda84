using Microsoft.Extensions.Time.Testing;

namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// The simulator's time: the system's, or a virtual time that only a test moves (/_sim/clock), so that the services'
/// rate-limit windows, the network's latency, delayed answers and a deployment's cancel delay keep step with a module
/// on a virtual clock of its own, moved by the same test. A reset gives the system's time back.
/// </summary>
/// <remarks>
/// Two clocks in two processes cannot move at the same instant, so a step holds the services while the test moves the
/// module's clock: <see cref="AdvanceAsync"/> lets the answers being made end, holds every new one, and moves the time;
/// <see cref="Release"/>, once the module's clock has moved too, lets them go. So no answer is made at a time the
/// module has not reached (it would read a reset as later than it is), and no request is counted at a time the module
/// has passed (a request late at a window's end counts in the next, as over a network).
/// </remarks>
public sealed class SimulatorClock : TimeProvider
{
    private static readonly TimeSpan Ended = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LongestAnswer = TimeSpan.FromSeconds(1);
    private readonly object gate = new();
    private FakeTimeProvider? virtualTime;
    private int answering;
    private TaskCompletionSource? held;
    private TaskCompletionSource? quiet;

    public override DateTimeOffset GetUtcNow() => (Volatile.Read(ref virtualTime) ?? System).GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        ((TimeProvider?)Volatile.Read(ref virtualTime) ?? System).CreateTimer(callback, state, dueTime, period);

    /// <summary>From now on, time stands at <paramref name="now"/> until <see cref="AdvanceAsync"/> moves it.</summary>
    public void StartVirtual(DateTimeOffset now) => Interlocked.Exchange(ref virtualTime, new FakeTimeProvider(now))?.Advance(Ended);

    /// <summary>Back to the system's time: whatever still waits on virtual time ends now, and nothing is held.</summary>
    public void UseSystem()
    {
        Interlocked.Exchange(ref virtualTime, null)?.Advance(Ended);
        Release();
    }

    /// <summary>
    /// One answer being made, from its request's arrival to its first byte: waits while a step holds the services.
    /// Dispose it when the answer starts.
    /// </summary>
    public async Task<IDisposable> AnswerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (held is null)
                {
                    answering++;
                    return new Answer(this);
                }

                wait = held.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Holds new answers, lets those being made end (at most a second of real time: one that waits on virtual time
    /// itself, a delayed fault, would never end), then moves virtual time; the services stay held until <see cref="Release"/>.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Task made;
        lock (gate)
        {
            held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            quiet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (answering == 0)
            {
                quiet.TrySetResult();
            }

            made = quiet.Task;
        }

        await Task.WhenAny(made, Task.Delay(LongestAnswer));
        Volatile.Read(ref virtualTime)?.Advance(by);
    }

    /// <summary>Lets the held answers be made, at the time the step moved to.</summary>
    public void Release()
    {
        TaskCompletionSource? waiting;
        lock (gate)
        {
            waiting = held;
            held = null;
        }

        waiting?.TrySetResult();
    }

    private void Answered()
    {
        lock (gate)
        {
            if (--answering == 0)
            {
                quiet?.TrySetResult();
            }
        }
    }

    private sealed class Answer(SimulatorClock clock) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                clock.Answered();
            }
        }
    }
}
