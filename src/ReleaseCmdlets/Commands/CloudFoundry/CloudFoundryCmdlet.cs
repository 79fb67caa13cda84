using System.Security;
using ReleaseCmdlets.Engine.CloudFoundry;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What both Cloud Foundry cmdlets share: the API and token (parameters first, else the cf CLI's config, through
/// <see cref="CloudFoundryConnection"/>), the client made from them, and the space an app name is looked up in.
/// </summary>
public abstract class CloudFoundryCmdlet : ServiceCmdlet
{
    protected const string ByGuid = "DeploymentGuid";
    protected const string ByAppGuid = "AppGuid";
    protected const string ByAppName = "AppName";

    private CloudFoundryConnection? connection;

    /// <summary>With -AppName: the space of the app; default the cf CLI's target space (else every space).</summary>
    [Parameter(ParameterSetName = ByAppName, ValueFromPipelineByPropertyName = true)]
    [ExactIdTransformation(typeof(Guid))]
    public Guid SpaceGuid { get; set; }

    /// <summary>The Cloud Foundry API endpoint, e.g. https://api.example.org; default the cf CLI's target.</summary>
    [Parameter]
    public string? Url { get; set; }

    /// <summary>A UAA access token, with or without the "bearer " prefix; default the cf CLI's AccessToken.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? Token { get; set; }

    private protected CloudFoundryClient Client { get; private set; } = null!;

    private protected override Uri ServiceBaseUrl => Client.BaseUrl;

    private protected override string Provider => "CloudFoundry";

    /// <summary>The space an app name is looked up in: -SpaceGuid, else the cf CLI's target space for this API, else null (every space).</summary>
    protected Guid? Space() =>
        MyInvocation.BoundParameters.ContainsKey(nameof(SpaceGuid)) && SpaceGuid != Guid.Empty ? SpaceGuid : connection!.TargetSpace(Client.BaseUrl);

    protected override void Connect()
    {
        connection = new CloudFoundryConnection(Connection);
        Client = connection.Connect(Url, Token);
        if (connection.Given is CfCredential given)
        {
            RememberGiven(Provider, Client.BaseUrl, given);
        }
    }

    /// <summary>What PowerShell shows when it prompts for a missing mandatory parameter of the service's cmdlets ("!?").</summary>
    internal static class Help
    {
        public const string DeploymentGuid = "The guid of the Cloud Foundry deployment.";

        public const string AppGuid = "The guid of the Cloud Foundry app whose latest ACTIVE deployment is cancelled.";

        public const string AppName = "The name of the Cloud Foundry app whose latest ACTIVE deployment is cancelled.";

        public const string ListedAppGuid = "The guid of the Cloud Foundry app whose deployments are listed.";

        public const string ListedAppName = "The name of the Cloud Foundry app whose deployments are listed.";
    }
}
