using System.IO;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>One verbose line per attempt (inside <see cref="RetryHandler"/>): its answer and how long it took, or how it failed.</summary>
internal sealed class AttemptLogHandler : DelegatingHandler
{
    // Without -Verbose the attempt passes straight through: no async frame per request for a line nobody reads.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestSettings settings = RequestContext.Of(request).Settings;
        return settings.Log.VerboseEnabled ? LoggedAsync(request, settings, cancellationToken) : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> LoggedAsync(HttpRequestMessage request, RequestSettings settings, CancellationToken cancellationToken)
    {
        IRequestLog log = settings.Log;
        long started = settings.Clock.GetTimestamp();
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log.Verbose($"{Describe(request)} -> {(int)response.StatusCode} {response.ReasonPhrase} in {ElapsedMilliseconds(settings.Clock, started)} ms");
            return response;
        }
        catch (RequestTimeoutException)
        {
            log.Verbose($"{Describe(request)} timed out after {ElapsedMilliseconds(settings.Clock, started)} ms");
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            log.Verbose($"{Describe(request)} failed after {ElapsedMilliseconds(settings.Clock, started)} ms: {TransportFailure.Describe(ex)}");
            throw;
        }
    }

    /// <summary>The request as the log names it: method and URL, any secret in the URL masked.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {Redactor.Url(request.RequestUri!)}";

    private static long ElapsedMilliseconds(TimeProvider clock, long started) => (long)Clock.Since(clock, started).TotalMilliseconds;
}
