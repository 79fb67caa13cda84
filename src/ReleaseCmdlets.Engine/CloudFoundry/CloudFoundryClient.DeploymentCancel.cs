using ReleaseCmdlets.CloudFoundry;

namespace ReleaseCmdlets.Engine.CloudFoundry;

public sealed partial class CloudFoundryClient
{
    /// <summary>
    /// POST /v3/deployments/:guid/actions/cancel, which answers 200 with an empty body (the deployment is read back). A
    /// 422 is explained by reading the deployment: one already canceling or canceled is success.
    /// </summary>
    private sealed class DeploymentCancel : CancelOperation<CloudFoundryDeployment>
    {
        private readonly CloudFoundryClient client;
        private readonly Guid deploymentGuid;
        private readonly string? appName;

        public DeploymentCancel(CloudFoundryClient client, Guid deploymentGuid, string? appName)
            : base($"Cloud Foundry deployment {deploymentGuid:D}", client.Settings.Log)
        {
            this.client = client;
            this.deploymentGuid = deploymentGuid;
            this.appName = appName;
        }

        protected override Task<ServiceResponse> SendAsync(CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, $"v3/deployments/{deploymentGuid:D}/actions/cancel", null, cancellationToken);

        protected override bool IsRefusal(ServiceException refused) => refused.StatusCode == 422;

        protected override Task<CloudFoundryDeployment?> ReadAsync(CancellationToken cancellationToken) =>
            MissingAsNull(client.GetDeploymentAsync(deploymentGuid, appName, cancellationToken));

        protected override CancelState StateOf(CloudFoundryDeployment current) =>
            current.StatusReason is "CANCELING" or "CANCELED" ? CancelState.Cancelled
            : current.IsFinal ? CancelState.FinishedOtherwise
            : CancelState.InProgress;

        protected override CloudFoundryDeployment AssumedCancelled() =>
            new DeploymentDto { Guid = deploymentGuid.ToString("D"), Status = new DeploymentStatusDto { Value = "ACTIVE", Reason = "CANCELING" } }.ToDeployment(appName);
    }
}
