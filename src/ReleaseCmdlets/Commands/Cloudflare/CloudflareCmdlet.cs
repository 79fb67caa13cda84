using System.Security;
using ReleaseCmdlets.Engine.Cloudflare;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What both Cloudflare cmdlets share: the API, credential and account (an API token: -ApiToken, else
/// CLOUDFLARE_API_TOKEN; or the legacy global key: -Email and -ApiKey, else CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY),
/// the client made from them, A token given with any part of the global key is refused before
/// any request with one error, CredentialConflict.
/// </summary>
public abstract class CloudflareCmdlet : ServiceCmdlet
{
    public const string UrlVariable = "CLOUDFLARE_BASE_URL";
    public const string AccountIdVariable = "CLOUDFLARE_ACCOUNT_ID";
    public const string ApiTokenVariable = "CLOUDFLARE_API_TOKEN";
    public const string EmailVariable = "CLOUDFLARE_EMAIL";
    public const string ApiKeyVariable = "CLOUDFLARE_API_KEY";
    protected const string ById = "BuildUuid";
    protected const string ByWorker = "WorkerName";

    /// <summary>The Cloudflare account id; default $env:CLOUDFLARE_ACCOUNT_ID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("account_id")]
    public string? AccountId { get; set; }

    /// <summary>The API base URL; default $env:CLOUDFLARE_BASE_URL, else https://api.cloudflare.com/client/v4.</summary>
    [Parameter]
    public string? Url { get; set; }

    /// <summary>An API token; default $env:CLOUDFLARE_API_TOKEN.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiToken { get; set; }

    /// <summary>The account email for the legacy global API key; default $env:CLOUDFLARE_EMAIL.</summary>
    [Parameter]
    public string? Email { get; set; }

    /// <summary>The legacy global API key; default $env:CLOUDFLARE_API_KEY.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    private protected CloudflareClient Client { get; private set; } = null!;

    private protected override Uri ServiceBaseUrl => Client.BaseUrl;

    private protected override string Provider => "Cloudflare";

    protected override void Connect()
    {
        Uri baseUrl = Connection.Url(Url, "Url", UrlVariable, CloudflareClient.DefaultUrl.AbsoluteUri);
        bool globalKey = UsesGlobalKey(Arguments);
        CloudflareCredential credential = globalKey ? GlobalKey(Connection, Email, ApiKey) : TokenOrGlobalKeyFromEnvironment(Connection, ApiToken, Email, ApiKey);
        Connection.RequireSafeTransport(baseUrl);
        Client = new CloudflareClient(baseUrl, credential, Connection.RequestSettings);
        if (globalKey || Arguments.Bound(nameof(ApiToken)))
        {
            RememberGiven(Provider, baseUrl, credential);
        }
    }

    /// <summary>The account of one input: -AccountId (or the input's AccountId), else CLOUDFLARE_ACCOUNT_ID.</summary>
    protected string Account() =>
        Arguments.Text(AccountId, "AccountId", AccountIdVariable)
        ?? throw Arguments.Refused(CloudflareErrorIds.MissingAccountId, $"No Cloudflare account id: pass -AccountId or set the {AccountIdVariable} environment variable.");

    private static bool UsesGlobalKey(ArgumentResolver arguments)
    {
        bool globalKey = arguments.Bound("Email") || arguments.Bound("ApiKey");
        if (globalKey && arguments.Bound("ApiToken"))
        {
            throw arguments.Refused(
                CloudflareErrorIds.CredentialConflict,
                "Pass one credential: -ApiToken (an API token), or -Email with -ApiKey (the legacy global key); not a token with any part of the global key.");
        }

        return globalKey;
    }

    private static CloudflareCredential GlobalKey(ConnectionContext connection, string? email, SecureString? apiKey)
    {
        string? address = connection.Arguments.HeaderText(email, "Email", EmailVariable);
        Secret? key = connection.Arguments.Secret(apiKey, "ApiKey", ApiKeyVariable);
        return address is null || key is null
            ? throw connection.MissingCredential("the global key needs both -Email and -ApiKey (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)")
            : CloudflareCredential.GlobalKey(address, key);
    }

    /// <summary>-ApiToken, else CLOUDFLARE_API_TOKEN, else the global key from CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY (both needed).</summary>
    private static CloudflareCredential TokenOrGlobalKeyFromEnvironment(ConnectionContext connection, SecureString? apiToken, string? email, SecureString? apiKey)
    {
        if (connection.Arguments.Secret(apiToken, "ApiToken", ApiTokenVariable) is Secret token)
        {
            return CloudflareCredential.ApiToken(token);
        }

        // Only when no token is set at all: a blank CLOUDFLARE_API_TOKEN was refused above, never passed over for the global key.
        if (Environment.GetEnvironmentVariable(EmailVariable) is not null || Environment.GetEnvironmentVariable(ApiKeyVariable) is not null)
        {
            return GlobalKey(connection, email, apiKey);
        }

        throw connection.MissingCredential("pass -ApiToken (or -Email and -ApiKey), or set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)");
    }

    /// <summary>What PowerShell shows when it prompts for a missing mandatory parameter of the service's cmdlets ("!?").</summary>
    internal static class Help
    {
        public const string ListedWorkerName = "The name of the Cloudflare Worker whose builds are listed.";

        public const string BuildUuid = "The uuid of the Cloudflare Workers build.";

        public const string WorkerName = "The name of the Cloudflare Worker whose running builds are cancelled.";
    }
}
