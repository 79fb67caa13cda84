using ReleaseCmdlets.BuildMaster;

namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>
/// Releases as they are read from a response. A plain Task-based enumerator on purpose: the cmdlets live in another
/// load context and must not share polyfill types (IAsyncEnumerable, ValueTask) with the engine.
/// </summary>
public sealed class ReleaseStream : IDisposable
{
    private readonly IAsyncEnumerator<BuildMasterRelease> releases;
    private Task<bool>? pending;

    /// <param name="open">The releases that match, given the callback to count each listed release that does not.</param>
    internal ReleaseStream(Func<Action, IAsyncEnumerator<BuildMasterRelease>> open) => releases = open(() => Dropped++);

    public BuildMasterRelease Current => releases.Current;

    /// <summary>How many listed releases did not match the filters sent, and were left out.</summary>
    public int Dropped { get; private set; }

    public Task<bool> MoveNextAsync() => pending = releases.MoveNextAsync().AsTask();

    /// <summary>
    /// Disposes the reader. After Ctrl+C a read may still be under way (its token is cancelled, so it ends soon): an
    /// async iterator cannot be disposed while it runs, so its end is awaited first (its failure, if any, is the reason
    /// the caller stopped, and was or will be reported by it).
    /// </summary>
    public void Dispose()
    {
        if (pending is { IsCompleted: false } running && !running.ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(10)))
        {
            return;
        }

        releases.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
