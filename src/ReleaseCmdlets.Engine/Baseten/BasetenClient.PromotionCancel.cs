using ReleaseCmdlets.Baseten;

namespace ReleaseCmdlets.Engine.Baseten;

public sealed partial class BasetenClient
{
    /// <summary>
    /// cancel_promotion, whose answer carries the promotion's status, or force_cancel_promotion, whose answer says only
    /// whether the signal was sent (the environment is then read). Neither refusal is explained by a read: "no promotion
    /// in progress" cannot tell a promotion cancelled from one finished, except after an attempt that may have reached
    /// Baseten and lost its answer (then that attempt cancelled it).
    /// </summary>
    private sealed class PromotionCancel : CancelOperation<BasetenPromotion>
    {
        private readonly BasetenClient client;
        private readonly string modelId;
        private readonly string environment;
        private readonly bool immediately;

        public PromotionCancel(BasetenClient client, string modelId, string environment, bool immediately)
            : base($"the promotion of Baseten model {modelId} to {environment}", client.Settings.Log)
        {
            this.client = client;
            this.modelId = modelId;
            this.environment = environment;
            this.immediately = immediately;
        }

        private string Path => EnvironmentPath(modelId, environment);

        protected override Task<ServiceResponse> SendAsync(CancellationToken cancellationToken) =>
            client.SendAsync(HttpMethod.Post, Path + (immediately ? "/force_cancel_promotion" : "/cancel_promotion"), null, cancellationToken);

        protected override BasetenPromotion? FromAnswer(ServiceResponse answer)
        {
            if (immediately)
            {
                return client.ReadJson(answer, BasetenJsonContext.Default.ForceCancelDto).Success == true
                    ? null
                    : throw ServiceException.Answered(
                        answer.StatusCode,
                        $"Baseten did not force-cancel the promotion of model {modelId} to {environment} (success: false).",
                        requestId: answer.RequestId,
                        kind: ServiceErrorKind.InvalidOperation,
                        errorId: BasetenErrorIds.ForceCancelRefused);
            }

            CancelPromotionDto cancelled = client.ReadJson(answer, BasetenJsonContext.Default.CancelPromotionDto);
            return cancelled.Status is null
                ? throw client.Unreadable(answer.StatusCode, answer.Body, answer.RequestId, null)
                : BasetenPromotionMapping.Promotion(modelId, environment, cancelled.Status, cancelled.Message);
        }

        protected override BasetenPromotion? CancelledDespite(ServiceException failure) =>
            !immediately && failure.ErrorId == BasetenErrorIds.NoPromotionInProgress && failure.EarlierAttemptMayHaveLanded
                ? BasetenPromotionMapping.Promotion(modelId, environment, "CANCELED", $"{failure.Message} (An earlier attempt that got no answer cancelled it.)")
                : null;

        protected override bool IsRefusal(ServiceException refused) => false;

        protected override Task<BasetenPromotion?> ReadAsync(CancellationToken cancellationToken) => MissingAsNull(ReadPromotionAsync(cancellationToken));

        private async Task<BasetenPromotion> ReadPromotionAsync(CancellationToken cancellationToken) =>
            BasetenPromotionMapping.FromEnvironment(modelId, environment, await client.ReadEnvironmentAsync(Path, cancellationToken).ConfigureAwait(false), null);

        protected override CancelState StateOf(BasetenPromotion current) => current.Status switch
        {
            "CANCELED" => CancelState.Cancelled,
            "SUCCEEDED" or "FAILED" => CancelState.FinishedOtherwise,
            _ => CancelState.InProgress,
        };

        /// <summary>After a force cancel whose read failed: the signal was sent, so the rollback is under way.</summary>
        protected override BasetenPromotion AssumedCancelled() => immediately
            ? BasetenPromotionMapping.Promotion(modelId, environment, RampingDown, ForceCancelSignalled(environment))
            : BasetenPromotionMapping.Promotion(modelId, environment, "CANCELED", null);
    }
}
