using System.Security;
using ReleaseCmdlets.Engine.Cloudflare;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// How both Cloudflare cmdlets find their API, credential and account: an API token (-ApiToken, else
/// CLOUDFLARE_API_TOKEN), or the legacy global key (-Email and -ApiKey, else CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).
/// A token given with any part of the global key is refused before any request with one error, CredentialConflict.
/// </summary>
internal static class CloudflareConnection
{
    public const string UrlVariable = "CLOUDFLARE_BASE_URL";
    public const string AccountIdVariable = "CLOUDFLARE_ACCOUNT_ID";
    public const string ApiTokenVariable = "CLOUDFLARE_API_TOKEN";
    public const string EmailVariable = "CLOUDFLARE_EMAIL";
    public const string ApiKeyVariable = "CLOUDFLARE_API_KEY";

    public static CloudflareClient Connect(ServiceCmdlet cmdlet, string? url, SecureString? apiToken, string? email, SecureString? apiKey)
    {
        Uri baseUrl = cmdlet.ResolveUrl(url, "Url", UrlVariable, CloudflareClient.DefaultUrl.AbsoluteUri);
        CloudflareCredential credential = UsesGlobalKey(cmdlet) ? GlobalKey(cmdlet, email, apiKey) : TokenOrGlobalKeyFromEnvironment(cmdlet, apiToken, email, apiKey);
        cmdlet.RequireSafeTransport(baseUrl);
        return new CloudflareClient(baseUrl, credential, cmdlet.CreateRequestSettings());
    }

    /// <summary>The account of one input: -AccountId (or the input's AccountId), else CLOUDFLARE_ACCOUNT_ID.</summary>
    public static string Account(ServiceCmdlet cmdlet, string? accountId) =>
        cmdlet.Arguments.Text(accountId, "AccountId", AccountIdVariable)
        ?? throw cmdlet.Arguments.Refused(CloudflareErrorIds.MissingAccountId, $"No Cloudflare account id: pass -AccountId or set the {AccountIdVariable} environment variable.");

    private static bool UsesGlobalKey(ServiceCmdlet cmdlet)
    {
        ArgumentResolver arguments = cmdlet.Arguments;
        bool globalKey = arguments.Bound("Email") || arguments.Bound("ApiKey");
        if (globalKey && arguments.Bound("ApiToken"))
        {
            throw arguments.Refused(
                CloudflareErrorIds.CredentialConflict,
                "Pass one credential: -ApiToken (an API token), or -Email with -ApiKey (the legacy global key); not a token with any part of the global key.");
        }

        return globalKey;
    }

    private static CloudflareCredential GlobalKey(ServiceCmdlet cmdlet, string? email, SecureString? apiKey)
    {
        string? address = cmdlet.Arguments.HeaderText(email, "Email", EmailVariable);
        Secret? key = cmdlet.Arguments.Secret(apiKey, "ApiKey", ApiKeyVariable);
        return address is null || key is null
            ? throw cmdlet.MissingCredential("the global key needs both -Email and -ApiKey (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)")
            : CloudflareCredential.GlobalKey(address, key);
    }

    /// <summary>-ApiToken, else CLOUDFLARE_API_TOKEN, else the global key from CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.</summary>
    private static CloudflareCredential TokenOrGlobalKeyFromEnvironment(ServiceCmdlet cmdlet, SecureString? apiToken, string? email, SecureString? apiKey)
    {
        if (cmdlet.Arguments.Secret(apiToken, "ApiToken", ApiTokenVariable) is Secret token)
        {
            return CloudflareCredential.ApiToken(token);
        }

        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EmailVariable)) && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ApiKeyVariable)))
        {
            return GlobalKey(cmdlet, email, apiKey);
        }

        throw cmdlet.MissingCredential("pass -ApiToken (or -Email and -ApiKey), or set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)");
    }
}
