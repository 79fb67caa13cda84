using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ReleaseCmdlets.CloudFoundry;
using ReleaseCmdlets.Engine.CloudFoundry;

namespace ReleaseCmdlets.Commands;

/// <summary>Cancels Cloud Foundry v3 deployments (not Cloudflare: that is Stop-CfBuild), by guid or by app.</summary>
[Cmdlet(VerbsLifecycle.Stop, "CfDeployment", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Stop-CfDeployment.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByGuid)]
[OutputType(typeof(CloudFoundryDeployment))]
public sealed class StopCfDeploymentCommand : CloudFoundryCmdlet
{
    private const string ByInputObject = "InputObject";
    /// <summary>As the cf CLI polls (cloudfoundry/cli util/configv3/defaults.go, DefaultPollingInterval).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);

    private static readonly PipedObjectRules Piping = new(typeof(CloudFoundryDeployment), "CloudFoundry", new[]
    {
        new[] { new[] { "DeploymentGuid", "Guid" } },
        new[] { new[] { "AppGuid" } },
        new[] { new[] { "AppName" } },
    });

    private readonly CancelRunSettings stop = new();
    private CancelRun? cancels;

    [Parameter(Mandatory = true, HelpMessage = Help.DeploymentGuid, Position = 0, ParameterSetName = ByGuid, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Guid")]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] DeploymentGuid { get; set; } = Array.Empty<Guid>();

    /// <summary>Cancel the latest ACTIVE deployment of each of these apps.</summary>
    [Parameter(Mandatory = true, HelpMessage = Help.AppGuid, ParameterSetName = ByAppGuid, ValueFromPipelineByPropertyName = true)]
    [ExactIdTransformation(typeof(Guid[]))]
    public Guid[] AppGuid { get; set; } = Array.Empty<Guid>();

    /// <summary>Cancel the latest ACTIVE deployment of the app with this name (in -SpaceGuid, default the cf CLI's target space).</summary>
    [Parameter(Mandatory = true, HelpMessage = Help.AppName, ParameterSetName = ByAppName, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AppNameCompleter))]
    public string AppName { get; set; } = "";

    /// <summary>A deployment written by Get-CfDeployment or Stop-CfDeployment.</summary>
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.InputObject, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    public ReleaseInfo? InputObject { get; set; }

    /// <summary>Any piped object as it came, whatever else it bound: checked before its target is cancelled (PipedObjectRules).</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? PipedObject { get; set; }

    /// <summary>Wait until the rollback finishes (FINALIZED), for at most -TimeoutSec seconds in all.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Why the targets are cancelled. Cloud Foundry has no field for it, so it goes only to the verbose log, the CI summary and annotations.</summary>
    [Parameter]
    public string? Reason { get => stop.Reason; set => stop.Reason = value; }

    /// <summary>Cancel only what is in flight: a target that exists with nothing in flight is a verbose line, not an error (one that does not exist still is).</summary>
    [Parameter]
    public SwitchParameter IfInFlight { get => stop.OnlyIfInFlight; set => stop.OnlyIfInFlight = value; }

    /// <summary>How many cancels may be in flight at once; results keep the input order.</summary>
    [Parameter]
    [ValidateRange(1, RequestSettings.MaximumConcurrentRequests)]
    public int ThrottleLimit { get => stop.MaximumInFlight; set => stop.MaximumInFlight = value; }

    protected override string PermissionAdvice => CancelAdvice;

    /// <summary>What the credential must be allowed to cancel (said on a 403, here and in Stop-InFlightRelease).</summary>
    internal const string CancelAdvice = "Use the token of a user with the SpaceDeveloper role in the app's space (a token with the cloud_controller.write scope).";

    private CancelRun Cancels => cancels ??= StartCancels(stop);

    protected override void Process()
    {
        if (Cancels.Refusal(Piping, PipedObject, InputObject, Client.BaseUrl) is { } refused)
        {
            Perform(refused);
            return;
        }

        string host = HostOf(Client.BaseUrl);
        if (PipedObjectRules.Listed<CloudFoundryDeployment>(PipedObject, InputObject) is CloudFoundryDeployment listed)
        {
            Perform(Cancels.Cancel(ListedTarget(listed, Client.BaseUrl), listed, CancelOf(Cancels.Waiter, Client, listed, Wait)));
            return;
        }

        switch (ParameterSetName)
        {
            case ByAppGuid:
                foreach (Guid appGuid in AppGuid)
                {
                    Perform(Cancels.Cancel($"the latest active Cloud Foundry deployment of app {appGuid} at {host}", appGuid, token => CancelLatestAsync(appGuid, null, token)));
                }

                break;
            case ByAppName:
                string appName = AppName;
                // A piped object without SpaceGuid leaves the one of an earlier object listed as bound, with its default.
                Guid? space = Space();
                string where = space is Guid inSpace ? $" in space {inSpace}" : "";
                Perform(Cancels.Cancel($"the latest active Cloud Foundry deployment of app '{appName}'{where} at {host}", appName, async token =>
                {
                    Guid found = await Client.FindAppAsync(appName, space, token).ConfigureAwait(false);
                    return await CancelLatestAsync(found, appName, token).ConfigureAwait(false);
                }));
                break;
            default:
                foreach (Guid deploymentGuid in DeploymentGuid)
                {
                    Perform(Cancels.Cancel($"Cloud Foundry deployment {deploymentGuid} at {host}", deploymentGuid, token => Finish(Cancels.Waiter, Client, Client.CancelDeploymentAsync(deploymentGuid, null, token), Wait, token)));
                }

                break;
        }
    }

    private Task<CloudFoundryDeployment> CancelLatestAsync(Guid appGuid, string? appName, CancellationToken token) =>
        Finish(Cancels.Waiter, Client, Client.CancelLatestActiveDeploymentAsync(appGuid, appName, token), Wait, token);

    /// <summary>A listed deployment as -WhatIf names it (here and in Stop-InFlightRelease): its app and space when known.</summary>
    internal static string ListedTarget(CloudFoundryDeployment listed, Uri url)
    {
        string space = listed.SpaceName is null ? "" : $" in space '{listed.SpaceName}'";
        string app = listed.AppName is null ? "" : $" of app '{listed.AppName}'{space}";
        return $"Cloud Foundry deployment {listed.DeploymentGuid}{app} at {HostOf(url)}";
    }

    /// <summary>The cancel of one listed deployment; with <paramref name="wait"/>, until it is final.</summary>
    internal static Func<CancellationToken, Task<CloudFoundryDeployment>> CancelOf(FinalStateWaiter waiter, CloudFoundryClient client, CloudFoundryDeployment listed, bool wait) =>
        token => Finish(waiter, client, client.CancelDeploymentAsync(listed.DeploymentGuid, listed.AppName, token), wait, token);

    /// <summary>
    /// The cancelled deployment; with -Wait, once it is FINALIZED, within -TimeoutSec overall, showing progress. Without
    /// -Wait no async step of its own: the cancel's task is the item's.
    /// </summary>
    private static Task<CloudFoundryDeployment> Finish(FinalStateWaiter waiter, CloudFoundryClient client, Task<CloudFoundryDeployment> cancelling, bool wait, CancellationToken token) =>
        wait ? WaitAsync(waiter, client, cancelling, token) : cancelling;

    private static async Task<CloudFoundryDeployment> WaitAsync(FinalStateWaiter waiter, CloudFoundryClient client, Task<CloudFoundryDeployment> cancelling, CancellationToken token)
    {
        CloudFoundryDeployment deployment = await cancelling.ConfigureAwait(false);
        return await waiter.WaitAsync(deployment, $"Waiting for Cloud Foundry deployment {deployment.DeploymentGuid} to finish rolling back", PollInterval, client.WaitUntilFinalAsync, token).ConfigureAwait(false);
    }
}
