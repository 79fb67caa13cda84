namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Reads each attempt's answer into memory within its bounds (<see cref="BoundedBody"/>), under the attempt's token: a
/// failure always, a success unless the caller streams it.
/// </summary>
internal sealed class BoundedBodyHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestContext context = RequestContext.Of(request);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (context.Streaming && response.IsSuccessStatusCode)
        {
            return response;
        }

        try
        {
            await BoundedBody.BufferAsync(response, context.MaximumBodyBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
