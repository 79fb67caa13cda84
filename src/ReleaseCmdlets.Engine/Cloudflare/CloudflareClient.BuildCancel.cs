using ReleaseCmdlets.Cloudflare;

namespace ReleaseCmdlets.Engine.Cloudflare;

public sealed partial class CloudflareClient
{
    /// <summary>
    /// PUT .../builds/builds/:uuid/cancel, whose answer carries the build (read back when it has no build_outcome).
    /// Every refusal short of a credential or rate problem (400, 404, 409, 422) is explained by reading the build.
    /// </summary>
    private sealed class BuildCancel : CancelOperation<CloudflareBuild>
    {
        private readonly CloudflareClient client;
        private readonly string accountId;
        private readonly Guid buildUuid;

        public BuildCancel(CloudflareClient client, string accountId, Guid buildUuid)
            : base($"Cloudflare build {buildUuid:D}", client.Settings.Log)
        {
            this.client = client;
            this.accountId = accountId;
            this.buildUuid = buildUuid;
        }

        protected override string? FinishedErrorId => CloudflareErrorIds.BuildAlreadyStopped;

        protected override Task<ServiceResponse> SendAsync(CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Put, BuildPath(accountId, buildUuid) + "/cancel", null, cancellationToken);

        protected override CloudflareBuild? FromAnswer(ServiceResponse answer)
        {
            CloudflareBuild answered = client.Read(answer, accountId);
            return answered.BuildOutcome is null ? null : answered;
        }

        protected override bool IsRefusal(ServiceException refused) =>
            refused.Kind is ServiceErrorKind.BadRequest or ServiceErrorKind.InvalidOperation or ServiceErrorKind.NotFound;

        protected override Task<CloudflareBuild?> ReadAsync(CancellationToken cancellationToken) =>
            MissingAsNull(client.GetBuildAsync(accountId, buildUuid, cancellationToken));

        protected override CancelState StateOf(CloudflareBuild current) =>
            current.BuildOutcome == "cancelled" ? CancelState.Cancelled
            : current.IsFinal ? CancelState.FinishedOtherwise
            : CancelState.InProgress;

        protected override CloudflareBuild AssumedCancelled() =>
            new BuildDto { BuildUuid = buildUuid.ToString("D"), BuildOutcome = "cancelled", Status = "stopped" }.ToBuild(accountId);
    }
}
