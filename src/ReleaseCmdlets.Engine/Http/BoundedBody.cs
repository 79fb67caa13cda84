using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Answers are read within bounds, whatever a service or proxy sends: a success up to the limit of its kind of request
/// (<see cref="Limits"/>, counted after decompression, so a gzip bomb is stopped too), a failure only up to
/// <see cref="Limits.ErrorBody"/>, the rest left unread.
/// </summary>
internal static class BoundedBody
{
    /// <summary>Reads the body into memory under the attempt's token (netstandard2.0 has no token overload, so disposal aborts it).</summary>
    public static async Task BufferAsync(HttpResponseMessage response, long maximumBytes, CancellationToken token)
    {
        using (token.Register(response.Dispose))
        {
            if (response.IsSuccessStatusCode)
            {
                await LoadAsync(response.Content, maximumBytes).ConfigureAwait(false);
            }
            else
            {
                response.Content = await PrefixAsync(response.Content, Limits.ErrorBody).ConfigureAwait(false);
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

    private static async Task LoadAsync(HttpContent content, long maximumBytes)
    {
        if (content.Headers.ContentLength > maximumBytes)
        {
            throw new ResponseTooLargeException(maximumBytes);
        }

        try
        {
            await content.LoadIntoBufferAsync(maximumBytes).ConfigureAwait(false);
        }
        catch (HttpRequestException overLimit) when (overLimit.InnerException is null)
        {
            // The buffer's own refusal carries no inner exception; a broken connection always does (IOException).
            throw new ResponseTooLargeException(maximumBytes);
        }
    }

    private static async Task<HttpContent> PrefixAsync(HttpContent content, int maximumBytes)
    {
        byte[] buffer = new byte[maximumBytes];
        int length = 0;
        using (content)
        {
            using Stream body = await content.ReadAsStreamAsync().ConfigureAwait(false);
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer, length, buffer.Length - length).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            var prefix = new ByteArrayContent(buffer, 0, length);
            foreach (var header in content.Headers)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    prefix.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return prefix;
        }
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
