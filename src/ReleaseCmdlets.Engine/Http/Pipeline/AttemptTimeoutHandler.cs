namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Ends an attempt when what is left of the request's time limit runs out (<see cref="RequestTimeoutException"/>) or
/// the caller stops it (Ctrl+C, a -Wait's deadline: <see cref="OperationCanceledException"/>). The caller's token
/// travels in the request's context; HttpClient's own (its pending requests) comes as the argument; the attempt's
/// token, which the handlers inside it observe, ends with either.
/// </summary>
internal sealed class AttemptTimeoutHandler : DelegatingHandler
{
    private readonly RequestSettings settings;

    public AttemptTimeoutHandler(RequestSettings settings) => this.settings = settings;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestContext context = RequestContext.Of(request);
        CancellationToken caller = context.Cancellation;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, caller);
        using (context.Left() is TimeSpan left ? Clock.CancelAfter(settings.Clock, attempt, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)) : null)
        {
            try
            {
                return await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (caller.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The request was stopped.", ex, caller.IsCancellationRequested ? caller : cancellationToken);
            }
            catch (ResponseTooLargeException)
            {
                throw;
            }
            catch (Exception) when (attempt.IsCancellationRequested)
            {
                throw new RequestTimeoutException(settings.Timeout);
            }
        }
    }
}
