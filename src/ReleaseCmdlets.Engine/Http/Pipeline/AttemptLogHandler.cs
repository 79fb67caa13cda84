using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// One verbose line per attempt (inside <see cref="RetryHandler"/>): its answer and how long it took, or how it failed.
/// Only in the chain of a command run with -Verbose.
/// </summary>
internal sealed class AttemptLogHandler : DelegatingHandler
{
    private readonly IRequestLog log;
    private readonly TimeProvider clock;

    public AttemptLogHandler(RequestSettings settings)
    {
        log = settings.Log;
        clock = settings.Clock;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long started = clock.GetTimestamp();
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log.Verbose($"{Describe(request)} -> {(int)response.StatusCode} {response.ReasonPhrase} in {ElapsedMilliseconds(started)} ms");
            return response;
        }
        catch (RequestTimeoutException)
        {
            log.Verbose($"{Describe(request)} timed out after {ElapsedMilliseconds(started)} ms");
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            log.Verbose($"{Describe(request)} failed after {ElapsedMilliseconds(started)} ms: {TransportFailure.Describe(ex)}");
            throw;
        }
    }

    /// <summary>The request as the log names it: method and URL, any secret in the URL masked.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {Redactor.Url(request.RequestUri!)}";

    private long ElapsedMilliseconds(long started) => (long)Clock.Since(clock, started).TotalMilliseconds;
}
