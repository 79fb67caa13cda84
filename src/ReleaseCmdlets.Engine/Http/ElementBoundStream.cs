using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A streamed listing read within bounds: at most so many bytes between two elements (the reader calls
/// <see cref="NextElement"/> after each one) and in all, counted after decompression. One huge element (a gzip bomb in
/// a release's name) ends the listing with one clear error instead of filling memory. Each whole element also renews
/// the time limit of the <see cref="IdleTimeoutStream"/> it reads from.
/// </summary>
internal sealed class ElementBoundStream : ReadOnlyStream
{
    private readonly long perElement;
    private readonly long total;
    private readonly Func<long, Exception> tooLarge;
    private long sinceElement;
    private long read;

    private readonly IdleTimeoutStream timed;

    public ElementBoundStream(IdleTimeoutStream inner, long perElement, long total, Func<long, Exception> tooLarge)
        : base(inner)
    {
        timed = inner;
        this.perElement = perElement;
        this.total = total;
        this.tooLarge = tooLarge;
    }

    /// <summary>An element was read whole: the next one starts its own count.</summary>
    public void NextElement()
    {
        sinceElement = 0;
        timed.ElementRead();
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await Inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    private int Count(int bytes)
    {
        sinceElement += bytes;
        read += bytes;
        if (sinceElement > perElement)
        {
            throw tooLarge(perElement);
        }

        if (read > total)
        {
            throw tooLarge(total);
        }

        return bytes;
    }
}
