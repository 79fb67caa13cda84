namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Per attempt (inside <see cref="RetryHandler"/>), for a client whose credential expires: renews it when it is about
/// to expire, and after a 401 that says it expired, renews it and sends the attempt once more (as the cf CLI does with
/// a refreshed token). Only a request without a body is sent again.
/// </summary>
internal sealed class CredentialRenewalHandler : DelegatingHandler
{
    private readonly IRenewingCredential credential;

    public CredentialRenewalHandler(IRenewingCredential credential) => this.credential = credential;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        CancellationToken caller = RequestContext.Of(request).Cancellation;
        int generation = await credential.EnsureFreshAsync(caller).ConfigureAwait(false);
        credential.Authorize(request);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode != 401 || request.Content is not null)
        {
            return response;
        }

        // The body of a failed answer is buffered by then (BoundedBodyHandler).
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!credential.RefusedAsExpired(body) || !await credential.RenewAsync(generation, caller).ConfigureAwait(false))
        {
            return response;
        }

        response.Dispose();
        credential.Authorize(request);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
