namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// The token a Cloud Foundry client sends: one given with -Token (never refreshed, nothing written), or the cf CLI's
/// session from its config file (<see cref="CfConfigSession"/>), refreshed as the cf CLI refreshes it.
/// </summary>
public abstract class CfCredential
{
    /// <summary>The access token to send now, with or without the "bearer " prefix.</summary>
    public abstract Secret Current { get; }

    /// <summary>Every secret this credential has held (old and new tokens), to scrub from what the user sees.</summary>
    public abstract IEnumerable<string> Secrets { get; }

    public static CfCredential Fixed(Secret token) => new FixedCredential(token);

    /// <summary>Whether the token is ever renewed (the cf CLI's session); a fixed one needs no check around requests.</summary>
    internal virtual bool Renews => false;

    /// <summary>Before a request, renewing a token about to expire: the generation of the token the request is sent with.</summary>
    internal virtual Task<int> EnsureFreshAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>After a 401 CF-InvalidAuthToken of a request sent with <paramref name="usedGeneration"/>: true when a fresher token is there to retry with.</summary>
    internal virtual Task<bool> RenewAsync(int usedGeneration, CancellationToken cancellationToken) => Task.FromResult(false);

    private sealed class FixedCredential : CfCredential
    {
        private readonly Secret token;

        public FixedCredential(Secret token) => this.token = token;

        public override Secret Current => token;

        public override IEnumerable<string> Secrets => new[] { token.Reveal() };
    }
}
