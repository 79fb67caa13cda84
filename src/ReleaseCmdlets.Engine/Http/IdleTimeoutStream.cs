using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A streamed response body whose every read must bring data within the limit (-TimeoutSec as an idle limit): a
/// long, healthy listing may take as long as it needs, a server that stalls part-way or holds the socket open
/// without a byte ends as a <see cref="RequestTimeoutException"/>.
/// </summary>
internal sealed class IdleTimeoutStream : ReadOnlyStream
{
    private readonly TimeSpan limit;
    private readonly CancellationTokenSource idle;

    public IdleTimeoutStream(Stream inner, TimeSpan limit, CancellationToken cancellationToken)
        : base(inner)
    {
        this.limit = limit;
        idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // .NET Framework's network streams may not observe a token while they wait: closing the stream ends the read.
        idle.Token.Register(inner.Dispose);
    }

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
            idle.Dispose();
        }

        base.Dispose(disposing);
    }

    private void StartClock()
    {
        if (limit != Timeout.InfiniteTimeSpan)
        {
            idle.CancelAfter(limit);
        }
    }

    private void StopClock()
    {
        if (limit != Timeout.InfiniteTimeSpan && !idle.IsCancellationRequested)
        {
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private bool IsIdleTimeout(Exception ex, CancellationToken caller) =>
        ex is OperationCanceledException or IOException or ObjectDisposedException && idle.IsCancellationRequested && !caller.IsCancellationRequested;
}
