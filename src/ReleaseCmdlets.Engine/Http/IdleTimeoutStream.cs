using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A streamed response body bounded by progress (-TimeoutSec): the time spent reading between two whole elements of the
/// listing (the reader calls <see cref="ElementRead"/> after each) may not exceed the limit. A long, healthy listing may
/// take as long as it needs, while a server that stalls, or keeps the socket alive with a byte of white space now and
/// then, ends as a <see cref="RequestTimeoutException"/>. Time the reader spends elsewhere (writing to the pipeline,
/// where the next command may be cancelling) does not count. Timed on the request's clock.
/// </summary>
internal sealed class IdleTimeoutStream : ReadOnlyStream
{
    private readonly TimeSpan limit;
    private readonly TimeProvider clock;
    private readonly CancellationTokenSource idle;
    private TimeSpan spent;
    private long? readingSince;
    private IDisposable? timer;

    public IdleTimeoutStream(Stream inner, TimeSpan limit, TimeProvider clock, CancellationToken cancellationToken)
        : base(inner)
    {
        this.limit = limit;
        this.clock = clock;
        idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // .NET Framework's network streams may not observe a token while they wait: closing the stream ends the read.
        idle.Token.Register(inner.Dispose);
    }

    /// <summary>A whole element was read: the next one has the whole limit again.</summary>
    public void ElementRead() => spent = TimeSpan.Zero;

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        using CancellationTokenSource read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        StartClock();
        try
        {
            return await Inner.ReadAsync(buffer, offset, count, read.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsIdleTimeout(ex, cancellationToken))
        {
            throw new RequestTimeoutException(limit, idle: true);
        }
        finally
        {
            StopClock();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            timer?.Dispose();
            idle.Dispose();
        }

        base.Dispose(disposing);
    }

    private void StartClock()
    {
        if (limit == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        TimeSpan left = limit - spent;
        if (left <= TimeSpan.Zero)
        {
            throw new RequestTimeoutException(limit, idle: true);
        }

        readingSince = clock.GetTimestamp();
        timer = Clock.CancelAfter(clock, idle, left);
    }

    private void StopClock()
    {
        if (readingSince is not long since)
        {
            return;
        }

        spent += Clock.Since(clock, since);
        readingSince = null;
        if (timer is not null)
        {
            timer.Dispose();
            timer = null;
        }
        else if (!idle.IsCancellationRequested)
        {
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private bool IsIdleTimeout(Exception ex, CancellationToken caller) =>
        ex is OperationCanceledException or IOException or ObjectDisposedException && idle.IsCancellationRequested && !caller.IsCancellationRequested;
}
