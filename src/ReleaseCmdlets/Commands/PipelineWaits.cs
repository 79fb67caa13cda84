using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// How a command's pipeline thread waits: calls started so that their end wakes it, log lines that wake it, and
/// Ctrl+C's token, which wakes it once and ends any wait at once, even for a call that does not observe the token.
/// </summary>
internal sealed class PipelineWaits : IDisposable
{
    // A signal, not a count: a task that finished before anyone waited must not leave a permit that makes a later wait
    // return at once. Not disposed: late continuations of cancelled work may still set it (it holds no wait handle
    // unless one is asked for).
    private readonly ManualResetEventSlim wake = new(false);
    private readonly object cancellationGate = new();
    private CancellationTokenSource? cancellation;

    public PipelineWaits() => WakeUp = wake.Set;

    /// <summary>Wakes the waiting pipeline thread (a finished call, a log line that arrived).</summary>
    public Action WakeUp { get; }

    /// <summary>Ctrl+C's token; none before the command begins.</summary>
    public CancellationToken Token => cancellation?.Token ?? CancellationToken.None;

    /// <summary>How often the pipeline thread woke up while waiting: a wait that spun would show thousands.</summary>
    public int WakeUps { get; private set; }

    /// <summary>As the command begins: the token that Ctrl+C cancels.</summary>
    public void Begin()
    {
        cancellation = new CancellationTokenSource();
        // Ctrl+C wakes the pipeline thread once, rather than each wait registering with the token.
        cancellation.Token.Register(wake.Set);
    }

    /// <summary>Starts a call whose end wakes the pipeline thread.</summary>
    public Task<T> Start<T>(Func<CancellationToken, Task<T>> call)
    {
        Task<T> task = call(Token);
        if (!task.IsCompleted)
        {
            // A bare completion callback: no continuation task, no execution context to carry, one delegate per command.
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(WakeUp);
        }

        return task;
    }

    /// <summary>
    /// Blocks the pipeline thread until one of the started tasks ends, doing <paramref name="onWake"/> (writing log
    /// lines) at each wake-up; Ctrl+C ends the wait with <see cref="PipelineStoppedException"/>.
    /// </summary>
    public void WaitForAny(IReadOnlyList<Task> tasks, Action onWake)
    {
        while (true)
        {
            // Reset before looking: a task or log line that arrives after the look sets the signal again.
            wake.Reset();
            onWake();
            if (AnyCompleted(tasks))
            {
                return;
            }

            if (Token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            wake.Wait();
            WakeUps++;
        }
    }

    /// <summary>The task's result; a cancellation caused by Ctrl+C stops the pipeline quietly.</summary>
    public T Result<T>(Task<T> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Ctrl+C (another thread): cancels the work in flight; safe against a concurrent Dispose.</summary>
    public void Cancel()
    {
        lock (cancellationGate)
        {
            cancellation?.Cancel();
        }
    }

    public void Dispose()
    {
        lock (cancellationGate)
        {
            cancellation?.Dispose();
            cancellation = null;
        }
    }

    private static bool AnyCompleted(IReadOnlyList<Task> tasks)
    {
        for (int i = 0; i < tasks.Count; i++)
        {
            if (tasks[i].IsCompleted)
            {
                return true;
            }
        }

        return false;
    }
}
