using ReleaseCmdlets.BuildMaster;

namespace ReleaseCmdlets.Engine.BuildMaster;

public sealed partial class BuildMasterClient
{
    /// <summary>
    /// Cancel Release, whose answer never carries the release (it is read back). BuildMaster refuses with a 400 and a
    /// line of text for every reason, so a refusal is explained by reading the release.
    /// </summary>
    private sealed class ReleaseCancel : CancelOperation<BuildMasterRelease>
    {
        private readonly BuildMasterClient client;
        private readonly ReleaseSelector selector;
        private readonly ReleaseQuery query;
        private readonly string select;
        private readonly string cancel;

        public ReleaseCancel(BuildMasterClient client, ReleaseSelector selector, ReleaseQuery query, string select, string cancel)
            : base($"BuildMaster {selector}", client.Settings.Log)
        {
            this.client = client;
            this.selector = selector;
            this.query = query;
            this.select = select;
            this.cancel = cancel;
        }

        protected override string? FinishedErrorId => BuildMasterErrorIds.ReleaseAlreadyDeployed;

        protected override string MissingErrorId => BuildMasterErrorIds.ReleaseNotFound;

        protected override Task<ServiceResponse> SendAsync(CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, "api/releases/cancel", Json(cancel), cancellationToken);

        protected override bool IsRefusal(ServiceException refused) => refused.Kind == ServiceErrorKind.BadRequest;

        protected override Task<BuildMasterRelease?> ReadAsync(CancellationToken cancellationToken) => client.FindReleaseAsync(query, select, cancellationToken);

        protected override CancelState StateOf(BuildMasterRelease current) => current.Status switch
        {
            Canceled => CancelState.Cancelled,
            "deployed" => CancelState.FinishedOtherwise,
            _ => CancelState.InProgress,
        };

        protected override BuildMasterRelease AssumedCancelled() => new BuildMasterReleaseDto
        {
            Id = selector.ReleaseId,
            ReleaseNumber = selector.ReleaseNumber,
            ApplicationId = selector.ApplicationId,
            ApplicationName = selector.ApplicationName,
            Status = Canceled,
        }.ToRelease();
    }
}
