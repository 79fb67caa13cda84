using ReleaseCmdlets.CloudFoundry;
using ReleaseCmdlets.Engine.CloudFoundry;

namespace ReleaseCmdlets.Commands;

/// <summary>Lists Cloud Foundry v3 deployments (not Cloudflare: that is Get-CfBuild), page by page as they are read.</summary>
[Cmdlet(VerbsCommon.Get, "CfDeployment", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-CfDeployment.md", DefaultParameterSetName = All)]
[OutputType(typeof(CloudFoundryDeployment))]
public sealed class GetCfDeploymentCommand : CloudFoundryCmdlet
{
    private const string All = "All";

    [Parameter(Mandatory = true, HelpMessage = Help.DeploymentGuid, Position = 0, ParameterSetName = ByGuid, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Guid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] DeploymentGuid { get; set; } = Array.Empty<Guid>();

    [Parameter(Mandatory = true, HelpMessage = Help.ListedAppGuid, ParameterSetName = ByAppGuid, ValueFromPipelineByPropertyName = true)]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] AppGuid { get; set; } = Array.Empty<Guid>();

    [Parameter(Mandatory = true, HelpMessage = Help.ListedAppName, ParameterSetName = ByAppName, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    public string[] AppName { get; set; } = Array.Empty<string>();

    /// <summary>The deployments' status values (Cloud Controller's status_values filter); default ACTIVE.</summary>
    [Parameter]
    [ValidateSet("ACTIVE", "FINALIZED")]
    public string[] Status { get; set; } = { "ACTIVE" };

    protected override string PermissionAdvice => "Use the token of a user with a role in the app's space (a token with the cloud_controller.read scope).";

    protected override void Process()
    {
        switch (ParameterSetName)
        {
            case ByGuid:
                WriteEach(DeploymentGuid, (guid, token) => Client.GetDeploymentAsync(guid, null, token));
                break;
            case ByAppGuid:
                foreach (Guid[] batch in CloudFoundryClient.GuidBatches(AppGuid))
                {
                    List(batch, null);
                }

                break;
            case ByAppName:
                Guid? space = Space();
                foreach (string name in AppName)
                {
                    Guid app;
                    try
                    {
                        app = Invoke(token => Client.FindAppAsync(name, space, token));
                    }
                    catch (ServiceException failure)
                    {
                        WriteServiceError(failure, name);
                        continue;
                    }

                    List(new[] { app }, name);
                }

                break;
            default:
                List(null, null);
                break;
        }
    }

    /// <summary>Every page, each deployment written as its page is read; what matches nothing writes nothing.</summary>
    private void List(IReadOnlyCollection<Guid>? apps, string? appName)
    {
        // ValidateSet takes any case; Cloud Controller's filter and the check of its answer take the upper.
        string[] status = Array.ConvertAll(Status, value => value.ToUpperInvariant());
        int leftOut = 0;
        try
        {
            CloudFoundryClient.DeploymentPages pages = Client.ListDeployments(apps, status, nameApps: appName is null);
            leftOut = WritePages<CloudFoundryDeployment>(
                pages.NextAsync,
                appName is null ? null : deployment => deployment.AppName = deployment.Name = appName);
        }
        catch (ServiceException failure)
        {
            WriteServiceError(failure, (object?)appName ?? apps);
        }

        if (leftOut > 0)
        {
            Log.Warning($"Cloud Foundry listed {leftOut} deployment(s) of another app or status than asked; they were left out. The server, or a proxy in front of it, ignored a filter.");
            Log.WriteTo(this);
        }
    }
}
