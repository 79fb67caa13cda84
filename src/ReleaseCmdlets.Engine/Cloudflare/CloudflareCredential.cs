namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>An API token (Authorization: Bearer, preferred) or the legacy global key (X-Auth-Email + X-Auth-Key).</summary>
public sealed class CloudflareCredential
{
    private readonly Secret secret;
    private readonly string? email;
    private readonly SecretHeader bearer = new(token => "Bearer " + token, "Cloudflare API token");
    private readonly SecretHeader key = new(value => value, "Cloudflare API key");

    private CloudflareCredential(Secret secret, string? email)
    {
        this.secret = secret;
        this.email = email;
    }

    public static CloudflareCredential ApiToken(Secret token) => new(token, null);

    public static CloudflareCredential GlobalKey(string email, Secret apiKey) => new(apiKey, HeaderValue.Checked(email, "Cloudflare account email"));

    /// <summary>The secret as plain text, to scrub from what the user sees.</summary>
    public IEnumerable<string> Secrets => new[] { secret.Reveal() };

    internal void ApplyTo(HttpRequestMessage request)
    {
        if (email is null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", bearer.For(secret));
        }
        else
        {
            request.Headers.TryAddWithoutValidation("X-Auth-Email", email);
            request.Headers.TryAddWithoutValidation("X-Auth-Key", key.For(secret));
        }
    }
}
