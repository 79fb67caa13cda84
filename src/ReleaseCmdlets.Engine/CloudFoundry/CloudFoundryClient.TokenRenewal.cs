namespace ReleaseCmdlets.Engine.CloudFoundry;

public sealed partial class CloudFoundryClient
{
    /// <summary>
    /// The cf CLI session's token as its client's <see cref="CredentialRenewalHandler"/> renews it: refreshed when about
    /// to expire, and after a 401 whose error is CF-InvalidAuthToken (what the cf CLI refreshes on).
    /// </summary>
    private sealed class TokenRenewal : IRenewingCredential
    {
        private readonly CloudFoundryClient client;

        public TokenRenewal(CloudFoundryClient client) => this.client = client;

        public Task<int> EnsureFreshAsync(CancellationToken cancellationToken) => client.credential.EnsureFreshAsync(cancellationToken);

        public void Authorize(HttpRequestMessage request)
        {
            request.Headers.Remove("Authorization");
            client.Authorize(request);
        }

        public bool RefusedAsExpired(string body) =>
            client.ReadError(401, body, null).ServiceCode?.IndexOf(InvalidAuthToken, StringComparison.Ordinal) >= 0;

        public Task<bool> RenewAsync(int sentWithGeneration, CancellationToken cancellationToken) =>
            client.credential.RenewAsync(sentWithGeneration, cancellationToken);
    }
}
