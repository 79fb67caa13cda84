using System.IO;
using System.Net.Sockets;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The outermost handler of a client's chain: retries what the service's <see cref="RetryPolicy"/> names and connection
/// failures, after Retry-After or backoff on the request's clock. A wait longer than what is left of the request's time
/// limit (-TimeoutSec, its attempts and waits together) is not waited out: the answer stands, and the client says when
/// to try again. What the attempts found travels with what it returns: a <see cref="RetriedAnswer"/>, or an
/// <see cref="AttemptsFailedException"/> around the last transport failure.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly RetryPolicy policy;
    private readonly RequestSettings settings;

    public RetryHandler(RetryPolicy policy, RequestSettings settings)
    {
        this.policy = policy;
        this.settings = settings;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestContext context = RequestContext.Of(request);
        IRequestLog log = settings.Log;
        bool landed = false;
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                failure = ex;
                landed |= !NeverConnected(ex);
            }

            bool transient = response is null ? !CannotSucceedAgain(failure!) : policy.IsRetried(response);
            if (!transient || attempt >= settings.MaximumRetryCount)
            {
                return Final(response, failure, attempt + 1, landed, null, null);
            }

            // Only a 429 may name its wait in the body, for a service that names it there; the body is buffered by then.
            string? body = response?.StatusCode == (System.Net.HttpStatusCode)429 && policy.WaitInBody is not null
                ? await response.Content.ReadAsStringAsync().ConfigureAwait(false)
                : null;
            (TimeSpan wait, string source) = RetryDelay.For(response, body, attempt, settings, policy);
            if (context.Left() is TimeSpan remaining && wait >= remaining)
            {
                if (log.VerboseEnabled)
                {
                    log.Verbose($"Not retrying {AttemptLogHandler.Describe(request)}: the wait ({wait.TotalSeconds:0.##} s, {source}) is longer than the {Math.Max(0, remaining.TotalSeconds):0.#} s left of -TimeoutSec.");
                }

                return Final(response, failure, attempt + 1, landed, wait, remaining);
            }

            if (log.VerboseEnabled)
            {
                log.Verbose($"Retrying {AttemptLogHandler.Describe(request)} in {wait.TotalSeconds:0.##} s ({source}); attempt {attempt + 2} of {settings.MaximumRetryCount + 1}.");
            }

            response?.Dispose();
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Cancellation);
            await Clock.Delay(settings.Clock, wait, waiting.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The last attempt's answer, with the facts of the attempts when there are any to tell; or its failure, with their count.</summary>
    private static HttpResponseMessage Final(HttpResponseMessage? response, Exception? failure, int attempts, bool landed, TimeSpan? refusedWait, TimeSpan? left)
    {
        if (response is null)
        {
            throw new AttemptsFailedException(attempts, failure!);
        }

        return landed || refusedWait is not null ? new RetriedAnswer(response, landed, refusedWait, left) : response;
    }

    /// <summary>A failure to connect at all (refused, no such host, unreachable): the request cannot have reached the service.</summary>
    private static bool NeverConnected(Exception failure) =>
        failure.GetBaseException() is SocketException
        {
            SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData,
        };

    /// <summary>
    /// A failure that the same request cannot overcome: a certificate that is not accepted, a host name that does not
    /// resolve. A temporary name-server failure (TryAgain) is still retried.
    /// </summary>
    private static bool CannotSucceedAgain(Exception failure) =>
        TransportFailure.CertificateProblem(failure) is not null
        || failure.GetBaseException() is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData };
}
