using System.Buffers;
using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Answers are read within bounds, whatever a service or proxy sends: a success up to the limit of its kind of request
/// (<see cref="Limits"/>, counted after decompression, so a gzip bomb is stopped too), a failure only up to
/// <see cref="Limits.ErrorBody"/>, the rest left unread.
/// </summary>
internal static class BoundedBody
{
    /// <summary>
    /// Reads the body into memory under the attempt's token. Each read observes it, so a body that keeps coming a byte
    /// at a time ends when the token does (disposing the answer instead would let the handler drain it for up to its
    /// ResponseDrainTimeout, 2 s, first); .NET Framework's streams may not observe a token, so disposal aborts them.
    /// </summary>
    public static async Task BufferAsync(HttpResponseMessage response, long maximumBytes, CancellationToken token)
    {
        using (token.Register(response.Dispose))
        {
            if (response.IsSuccessStatusCode)
            {
                response.Content = await LoadAsync(response.Content, maximumBytes, token).ConfigureAwait(false);
            }
            else
            {
                response.Content = await PrefixAsync(response.Content, Limits.ErrorBody, token).ConfigureAwait(false);
            }

            token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The first bytes of a body as text (a failure, or a page that is not the API's): the rest is never read.</summary>
    public static async Task<string> ReadPrefixAsync(HttpContent content, int maximumBytes = Limits.ErrorBody)
    {
        using HttpContent prefix = await PrefixAsync(content, maximumBytes).ConfigureAwait(false);
        return await prefix.ReadAsStringAsync().ConfigureAwait(false);
    }

    /// <summary>The whole body in memory, as content with the same headers; more than <paramref name="maximumBytes"/> is refused.</summary>
    private static async Task<HttpContent> LoadAsync(HttpContent content, long maximumBytes, CancellationToken token)
    {
        long? length = content.Headers.ContentLength;
        if (length > maximumBytes)
        {
            throw new ResponseTooLargeException(maximumBytes);
        }

        using (content)
        {
            using Stream body = await content.ReadAsStreamAsync().ConfigureAwait(false);
            if (length is long known)
            {
                // The handler ends the body at its Content-Length (and fails one that ends sooner): read it in place.
                byte[] exact = new byte[known];
                int filled = 0;
                int read;
                while (filled < exact.Length && (read = await body.ReadAsync(exact, filled, exact.Length - filled, token).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                return WithHeadersOf(content, new ByteArrayContent(exact, 0, filled));
            }

            return WithHeadersOf(content, await ReadUnknownLengthAsync(body, maximumBytes, token).ConfigureAwait(false));
        }
    }

    private static async Task<ByteArrayContent> ReadUnknownLengthAsync(Stream body, long maximumBytes, CancellationToken token)
    {
        var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, 0, chunk.Length, token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maximumBytes)
                {
                    throw new ResponseTooLargeException(maximumBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<HttpContent> PrefixAsync(HttpContent content, int maximumBytes, CancellationToken token = default)
    {
        byte[] buffer = new byte[maximumBytes];
        int length = 0;
        using (content)
        {
            using Stream body = await content.ReadAsStreamAsync().ConfigureAwait(false);
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer, length, buffer.Length - length, token).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return WithHeadersOf(content, new ByteArrayContent(buffer, 0, length));
        }
    }

    private static HttpContent WithHeadersOf(HttpContent original, HttpContent copy)
    {
        foreach (var header in original.Headers)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }
}

/// <summary>The documented bounds of what is read from one answer.</summary>
public static class Limits
{
    /// <summary>A failed answer: only its start is read (its message is shortened to 1,000 characters anyway).</summary>
    public const int ErrorBody = 64 * 1024;

    /// <summary>The answer to a cancel or to the read of one object.</summary>
    public const long SingleAnswer = 4L * 1024 * 1024;

    /// <summary>One page of a listing read whole (apps, builds, scripts, models), decompressed.</summary>
    public const long ListingPage = 64L * 1024 * 1024;

    /// <summary>One element of a streamed listing (a BuildMaster release), decompressed.</summary>
    public const long StreamedElement = 1024 * 1024;

    /// <summary>A whole streamed listing, decompressed (100,000 BuildMaster releases are about 40 MB).</summary>
    public const long StreamedListing = 4L * 1024 * 1024 * 1024;

    public static string Describe(long bytes) =>
        bytes >= 1024 * 1024 * 1024 ? $"{bytes / (1024 * 1024 * 1024)} GiB" : bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}

/// <summary>An answer larger than the bound of its kind (<see cref="Limits"/>); never retried.</summary>
internal sealed class ResponseTooLargeException : Exception
{
    public ResponseTooLargeException(long limit)
        : base($"The answer is larger than {Limits.Describe(limit)}, the most read for this kind of request; the rest was not read.") => Limit = limit;

    public long Limit { get; }
}
