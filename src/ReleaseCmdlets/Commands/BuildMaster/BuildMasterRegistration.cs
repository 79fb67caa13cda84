using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Engine.BuildMaster;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>BuildMaster releases in Stop-InFlightRelease: cancelled by id as Stop-BmRelease cancels a listed release, with -Reason sent.</summary>
internal sealed class BuildMasterRegistration : ServiceRegistration
{
    private static readonly ConfiguredBy Environment = new(
        BuildMasterCmdlet.UrlVariable, null, BuildMasterCmdlet.ApiKeyVariable, "Get-BmRelease -Url <url> -ApiKey <key>");

    public override int Added => 1;

    public override string ListCmdlet => "Get-BmRelease";

    public override ServiceDescription Description => BuildMasterService.Description;

    public override IReadOnlyList<string> Variables { get; } = new[] { BuildMasterCmdlet.UrlVariable, BuildMasterCmdlet.ApiKeyVariable };

    public override Type ObjectType => typeof(BuildMasterRelease);

    public override string Provider => "BuildMaster";

    public override string PermissionAdvice => BuildMasterCmdlet.KeyAdvice;

    public override InFlightConnection Connect(SiteCredentials credentials, CancelSite site)
    {
        Secret key = credentials.Connection.Secrets.Remember(credentials.For(site, Environment, () => credentials.Connection.Arguments.Secret(null, "ApiKey", BuildMasterCmdlet.ApiKeyVariable)));
        var client = new BuildMasterClient(site.BaseUrl, key, credentials.Connection.RequestSettings);
        return new InFlightConnection(site, (stop, listed) =>
        {
            var release = (BuildMasterRelease)listed;
            stop.CancelAt(site, StopBmReleaseCommand.ListedTarget(release, site.BaseUrl), release, StopBmReleaseCommand.CancelOf(client, ReleaseSelector.ById(release.ReleaseId), stop.Reason));
        });
    }
}
