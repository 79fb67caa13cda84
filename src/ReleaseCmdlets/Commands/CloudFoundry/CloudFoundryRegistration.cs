using ReleaseCmdlets.CloudFoundry;
using ReleaseCmdlets.Engine.CloudFoundry;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Cloud Foundry deployments in Stop-InFlightRelease: cancelled as Stop-CfDeployment cancels a listed one, with the
/// token given in this session for the API, else the cf CLI's session when its config targets exactly that API.
/// </summary>
internal sealed class CloudFoundryRegistration : ServiceRegistration
{
    public override int Added => 2;

    public override string ListCmdlet => "Get-CfDeployment";

    public override ServiceDescription Description => CloudFoundryService.Description;

    protected override string RetriesAs => "as the cf CLI";

    public override IReadOnlyList<string> Variables { get; } = new[] { CfCliConfig.HomeVariable };

    public override Type ObjectType => typeof(CloudFoundryDeployment);

    public override string Provider => "CloudFoundry";

    public override string PermissionAdvice => StopCfDeploymentCommand.CancelAdvice;

    public override InFlightConnection Connect(SiteCredentials credentials, CancelSite site)
    {
        Uri api = site.BaseUrl;
        CfCredential credential = credentials.GivenFor<CfCredential>(site)
            ?? new CloudFoundryConnection(credentials.Connection).CliSessionFor(api)
            ?? throw credentials.Connection.Arguments.Refused(
                ErrorIds.MissingCredential,
                $"No credential for CloudFoundry at {api}: run 'cf login -a {api.GetLeftPart(UriPartial.Authority)}' so that the cf CLI's config targets it, or give one in this session: Get-CfDeployment -Url {api} -Token <token>.",
                ErrorCategory.AuthenticationError);
        credentials.Connection.Secrets.Remember(() => credential.Secrets);
        var client = new CloudFoundryClient(api, credential, credentials.Connection.RequestSettings);
        return new InFlightConnection(site, (stop, listed) =>
        {
            var deployment = (CloudFoundryDeployment)listed;
            stop.CancelAt(site, StopCfDeploymentCommand.ListedTarget(deployment, site.BaseUrl), deployment, StopCfDeploymentCommand.CancelOf(stop.Waiter, client, deployment, stop.Wait));
        });
    }
}
