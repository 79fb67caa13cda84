using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>Cloudflare Workers builds in Stop-InFlightRelease: cancelled in their own account as Stop-CfBuild cancels a listed build.</summary>
internal sealed class CloudflareRegistration : ServiceRegistration
{
    private static readonly ConfiguredBy Environment = new(
        CloudflareCmdlet.UrlVariable,
        CloudflareClient.DefaultUrl.AbsoluteUri,
        $"{CloudflareCmdlet.ApiTokenVariable} (or {CloudflareCmdlet.EmailVariable} and {CloudflareCmdlet.ApiKeyVariable})",
        "Get-CfBuild -Url <url> -ApiToken <token>");

    public override int Added => 3;

    public override string ListCmdlet => "Get-CfBuild";

    public override ServiceDescription Description => CloudflareService.Description;

    protected override string RetriesAs => "as its SDKs";

    public override IReadOnlyList<string> Variables { get; } = new[] { CloudflareCmdlet.UrlVariable, CloudflareCmdlet.AccountIdVariable, CloudflareCmdlet.ApiTokenVariable, CloudflareCmdlet.EmailVariable, CloudflareCmdlet.ApiKeyVariable };

    public override Type ObjectType => typeof(CloudflareBuild);

    public override string Provider => "Cloudflare";

    public override string PermissionAdvice => StopCfBuildCommand.CancelAdvice;

    public override InFlightConnection Connect(SiteCredentials credentials, CancelSite site)
    {
        CloudflareCredential credential = credentials.For(site, Environment, () => FromEnvironment(credentials.Connection.Arguments));
        credentials.Connection.Secrets.Remember(() => credential.Secrets);
        var client = new CloudflareClient(site.BaseUrl, credential, credentials.Connection.RequestSettings);
        return new InFlightConnection(site, (stop, listed) =>
        {
            var build = (CloudflareBuild)listed;
            stop.CancelAt(site, StopCfBuildCommand.ListedTarget(build, site.BaseUrl), build, StopCfBuildCommand.CancelOf(client, build));
        });
    }

    /// <summary>CLOUDFLARE_API_TOKEN, else the global key when both CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY are set.</summary>
    private static CloudflareCredential? FromEnvironment(ArgumentResolver arguments)
    {
        if (arguments.Secret(null, "ApiToken", CloudflareCmdlet.ApiTokenVariable) is Secret token)
        {
            return CloudflareCredential.ApiToken(token);
        }

        string? email = arguments.HeaderText(null, "Email", CloudflareCmdlet.EmailVariable);
        Secret? key = arguments.Secret(null, "ApiKey", CloudflareCmdlet.ApiKeyVariable);
        return email is null || key is null ? null : CloudflareCredential.GlobalKey(email, key);
    }
}
