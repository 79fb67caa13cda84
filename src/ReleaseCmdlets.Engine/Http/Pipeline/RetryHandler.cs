using System.IO;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The outermost handler of every request: retries what the service's <see cref="RetryPolicy"/> names and connection
/// failures, after Retry-After or backoff on the request's clock. A wait longer than what is left of the request's time
/// limit (-TimeoutSec, its attempts and waits together) is not waited out: the answer stands, and the client says when
/// to try again. It records the facts of the attempts in the request's context (<see cref="RequestOutcome"/>).
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestContext context = RequestContext.Of(request);
        RequestSettings settings = context.Settings;
        IRequestLog log = settings.Log;

        int attempts = 0;
        bool landed = false;
        TimeSpan? refusedWait = null;
        TimeSpan? leftWhenRefused = null;
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                attempts = attempt + 1;
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

                bool transient = response is null ? !CannotSucceedAgain(failure!) : context.Policy.IsRetried(response);
                if (!transient || attempt >= settings.MaximumRetryCount)
                {
                    if (response is null)
                    {
                        ExceptionDispatchInfo.Capture(failure!).Throw();
                    }

                    return response!;
                }

                // Only a 429 may name its wait in the body, for a service that names it there; the body is buffered by then.
                string? body = response?.StatusCode == (System.Net.HttpStatusCode)429 && context.Policy.WaitInBody is not null
                    ? await response.Content.ReadAsStringAsync().ConfigureAwait(false)
                    : null;
                (TimeSpan wait, string source) = RetryDelay.For(response, body, attempt, settings, context.Policy);
                if (context.Left() is TimeSpan remaining && wait >= remaining)
                {
                    if (log.VerboseEnabled)
                    {
                        log.Verbose($"Not retrying {AttemptLogHandler.Describe(request)}: the wait ({wait.TotalSeconds:0.##} s, {source}) is longer than the {Math.Max(0, remaining.TotalSeconds):0.#} s left of -TimeoutSec.");
                    }

                    if (response is null)
                    {
                        ExceptionDispatchInfo.Capture(failure!).Throw();
                    }

                    refusedWait = wait;
                    leftWhenRefused = remaining;
                    return response!;
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
        finally
        {
            context.Finish(new RequestOutcome(attempts, landed, refusedWait, leftWhenRefused));
        }
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
