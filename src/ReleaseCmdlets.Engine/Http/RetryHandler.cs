using System.IO;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The one place that times, retries and logs requests for every service: the request's time limit (-TimeoutSec, its
/// attempts and waits together), retries of what the service's <see cref="RetryPolicy"/> names and of connection
/// failures, with Retry-After or backoff, and one verbose line per attempt. A wait longer than the time left is not
/// waited out: the answer stands, and the client says when to try again.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestContext context = RequestContext.Of(request);
        // The caller's token (Ctrl+C, a -Wait's deadline) travels in the context; HttpClient's own token (its pending
        // requests) comes as the argument. Each attempt observes both.
        CancellationToken caller = context.Cancellation;

        RequestSettings settings = context.Settings;
        IRequestLog log = settings.Log;
        TimeProvider clock = settings.Clock;
        long started = clock.GetTimestamp();

        int attempts = 0;
        bool landed = false;
        TimeSpan? refusedWait = null;
        TimeSpan? leftWhenRefused = null;
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                attempts = attempt + 1;
                long attemptStarted = clock.GetTimestamp();
                HttpResponseMessage? response = null;
                Exception? failure = null;

                using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, caller))
                using (Left(settings, started) is TimeSpan left ? Clock.CancelAfter(clock, attemptCancellation, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)) : null)
                {
                    try
                    {
                        if (context.Budget is RequestBudget budget)
                        {
                            if (!budget.TryTakeTurn(out DateTimeOffset turn))
                            {
                                turn = await WaitTurnAsync(budget, Left(settings, started), request, log, attemptCancellation.Token).ConfigureAwait(false);
                            }

                            try
                            {
                                response = await base.SendAsync(request, attemptCancellation.Token).ConfigureAwait(false);
                                budget.Observe(response, turn);
                            }
                            finally
                            {
                                budget.Done();
                            }
                        }
                        else
                        {
                            response = await base.SendAsync(request, attemptCancellation.Token).ConfigureAwait(false);
                        }

                        if (!context.Streaming || !response.IsSuccessStatusCode)
                        {
                            await BoundedBody.BufferAsync(response, context.MaximumBodyBytes, attemptCancellation.Token).ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (caller.IsCancellationRequested || cancellationToken.IsCancellationRequested)
                    {
                        response?.Dispose();
                        throw new OperationCanceledException("The request was stopped.", ex, caller.IsCancellationRequested ? caller : cancellationToken);
                    }
                    catch (ResponseTooLargeException)
                    {
                        response?.Dispose();
                        throw;
                    }
                    catch (Exception) when (attemptCancellation.IsCancellationRequested)
                    {
                        response?.Dispose();
                        if (log.VerboseEnabled)
                        {
                            log.Verbose($"{Describe(request)} timed out after {ElapsedMilliseconds(clock, attemptStarted)} ms");
                        }

                        throw new RequestTimeoutException(settings.Timeout);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException)
                    {
                        response?.Dispose();
                        response = null;
                        failure = ex;
                        landed |= !NeverConnected(ex);
                    }
                }

                if (log.VerboseEnabled)
                {
                    log.Verbose(response is null
                        ? $"{Describe(request)} failed after {ElapsedMilliseconds(clock, attemptStarted)} ms: {TransportFailure.Describe(failure!)}"
                        : $"{Describe(request)} -> {(int)response.StatusCode} {response.ReasonPhrase} in {ElapsedMilliseconds(clock, attemptStarted)} ms");
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
                if (Left(settings, started) is TimeSpan remaining && wait >= remaining)
                {
                    if (log.VerboseEnabled)
                    {
                        log.Verbose($"Not retrying {Describe(request)}: the wait ({wait.TotalSeconds:0.##} s, {source}) is longer than the {Math.Max(0, remaining.TotalSeconds):0.#} s left of -TimeoutSec.");
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
                    log.Verbose($"Retrying {Describe(request)} in {wait.TotalSeconds:0.##} s ({source}); attempt {attempt + 2} of {settings.MaximumRetryCount + 1}.");
                }

                response?.Dispose();
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, caller);
                await Clock.Delay(clock, wait, waiting.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            context.Finish(new RequestOutcome(attempts, landed, refusedWait, leftWhenRefused));
        }
    }

    /// <summary>What is left of the request's time limit (-TimeoutSec); null when there is none.</summary>
    private static TimeSpan? Left(RequestSettings settings, long started) =>
        settings.Timeout == Timeout.InfiniteTimeSpan ? null : settings.Timeout - Clock.Since(settings.Clock, started);

    private static long ElapsedMilliseconds(TimeProvider clock, long started) => (long)Clock.Since(clock, started).TotalMilliseconds;

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

    /// <summary>Waits for the request's turn in its budget, saying so as progress and, with -Verbose, why.</summary>
    private static async Task<DateTimeOffset> WaitTurnAsync(RequestBudget budget, TimeSpan? left, HttpRequestMessage request, IRequestLog log, CancellationToken token)
    {
        bool waited = false;
        try
        {
            return await budget.WaitTurnAsync(
                left,
                (wait, until, source) =>
                {
                    waited = true;
                    string status = $"{request.RequestUri!.Host}: the next request is allowed at {until.ToUniversalTime():HH:mm:ss} UTC ({wait.TotalSeconds:0.0} s), as the {source} say";
                    log.Waiting(status, until);
                    if (log.VerboseEnabled)
                    {
                        log.Verbose($"{Describe(request)} waits {wait.TotalSeconds:0.0} s for the request budget, paced by the {source}.");
                    }
                },
                token).ConfigureAwait(false);
        }
        finally
        {
            if (waited)
            {
                log.Waiting(null, default);
            }
        }
    }

    private static string Describe(HttpRequestMessage request) => $"{request.Method} {Redactor.Url(request.RequestUri!)}";
}
