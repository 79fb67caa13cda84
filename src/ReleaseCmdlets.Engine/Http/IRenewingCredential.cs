namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A credential that expires and that its client renews (the cf CLI's session): what the
/// <see cref="CredentialRenewalHandler"/> of the client's chain needs of it.
/// </summary>
internal interface IRenewingCredential
{
    /// <summary>Before an attempt, renewing a credential about to expire: the generation it is sent with (each renewal makes a new one).</summary>
    Task<int> EnsureFreshAsync(CancellationToken cancellationToken);

    /// <summary>Sets the request's credential header to the current credential, replacing any.</summary>
    void Authorize(HttpRequestMessage request);

    /// <summary>Whether a 401's body says the credential itself is no longer valid (rather than, say, not allowed).</summary>
    bool RefusedAsExpired(string body);

    /// <summary>After such a 401 of an attempt sent with <paramref name="sentWithGeneration"/>: true when a fresher credential is there to send.</summary>
    Task<bool> RenewAsync(int sentWithGeneration, CancellationToken cancellationToken);
}
