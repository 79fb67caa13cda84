using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ReleaseCmdlets.Http;

namespace ReleaseCmdlets.Baseten;

/// <summary>The promotion endpoints of the Baseten management API.</summary>
public sealed class BasetenClient : ServiceClient
{
    private const string RampingDown = "RAMPING_DOWN";

    /// <summary>Deployment statuses of a deployment still changing (docs.baseten.co, deployment status enum).</summary>
    private static readonly string[] DeploymentInProgress = { "BUILDING", "DEPLOYING", "LOADING_MODEL", "UPDATING", "WAKING_UP", "DEACTIVATING" };

    public static readonly Uri DefaultUrl = new("https://api.baseten.co/");
    private const string NothingToCancel = "VALIDATION_ERROR";
    private readonly Secret apiKey;
    private readonly SecretHeader header = new(key => "Api-Key " + key, "Baseten API key");

    public BasetenClient(Uri baseUrl, Secret apiKey, RequestSettings settings)
        : base(baseUrl, settings)
    {
        this.apiKey = apiKey;
    }

    protected override string ServiceName => "Baseten";

    protected override RetryPolicy RetryPolicy => RetryPolicy.Baseten;

    /// <summary>
    /// Cancels the promotion in progress. "No promotion in progress" is an invalid operation of its own, except when it
    /// answers a retry after an attempt that may have reached Baseten and lost its answer: then that attempt cancelled
    /// it, and that counts as success. A retry after a 429 or 503 proves nothing: those attempts never reached it.
    /// </summary>
    public async Task<BasetenPromotion> CancelPromotionAsync(string modelId, string environment, CancellationToken cancellationToken)
    {
        try
        {
            ServiceResponse response = await SendAsync(HttpMethod.Post, EnvironmentPath(modelId, environment) + "/cancel_promotion", null, cancellationToken).ConfigureAwait(false);
            CancelPromotionDto answer = ReadJson(response, BasetenJsonContext.Default.CancelPromotionDto);
            return answer.Status is null
                ? throw Unreadable(response.StatusCode, response.Body, response.RequestId, null)
                : BasetenPromotionMapping.Promotion(modelId, environment, answer.Status, answer.Message);
        }
        catch (ServiceException nothing) when (nothing.ErrorId == ErrorIds.NoPromotionInProgress && nothing.EarlierAttemptMayHaveLanded)
        {
            return BasetenPromotionMapping.Promotion(modelId, environment, "CANCELED", $"{nothing.Message} (An earlier attempt that got no answer cancelled it.)");
        }
    }

    /// <summary>
    /// Cancels a rolling promotion at once (force_cancel_promotion). Baseten answers <c>{success}</c>, "whether the
    /// signal was successfully sent": the rollback follows, so the promotion is written RAMPING_DOWN (not final) with the
    /// environment as read after the signal; -Wait then watches the rollback (<see cref="WaitForRollbackAsync"/>).
    /// </summary>
    public Task<BasetenPromotion> ForceCancelPromotionAsync(string modelId, string environment, CancellationToken cancellationToken)
    {
        string path = EnvironmentPath(modelId, environment);
        return new CancelProtocol<BasetenPromotion>
        {
            What = $"the promotion of Baseten model {modelId} to {environment}",
            Cancel = async token =>
            {
                ServiceResponse response = await SendAsync(HttpMethod.Post, path + "/force_cancel_promotion", null, token).ConfigureAwait(false);
                if (ReadJson(response, BasetenJsonContext.Default.ForceCancelDto).Success != true)
                {
                    throw new ServiceException(
                        ServiceErrorKind.InvalidOperation,
                        $"Baseten did not force-cancel the promotion of model {modelId} to {environment} (success: false).",
                        response.StatusCode, requestId: response.RequestId, errorId: ErrorIds.ForceCancelRefused);
                }

                return null;
            },
            IsRefusal = _ => false,
            Read = async token => Rollback(modelId, environment, await ReadEnvironmentAsync(path, token).ConfigureAwait(false)),
            StateOf = promotion => promotion.IsFinal ? CancelState.Cancelled : CancelState.InProgress,
            AssumedCancelled = () => BasetenPromotionMapping.Promotion(modelId, environment, RampingDown, ForceCancelSignalled(environment)),
            Log = Settings.Log,
        }.RunAsync(cancellationToken);
    }

    /// <summary>
    /// -Wait after a force cancel or a RAMPING_DOWN cancel. Baseten documents no field that says a promotion is in
    /// progress; the only documented signal is the status of the deployment the environment serves, so the wait ends
    /// when that status is no longer one of the in-progress ones (UPDATING, DEPLOYING, …).
    /// </summary>
    public Task<BasetenPromotion> WaitForRollbackAsync(BasetenPromotion promotion, WaitOptions options, CancellationToken cancellationToken)
    {
        string path = EnvironmentPath(promotion.ModelId, promotion.Environment);
        return FinalStateWait.UntilFinalAsync(
            promotion,
            $"the rollback of Baseten model {promotion.ModelId} in {promotion.Environment}",
            async (current, token) => Rollback(current.ModelId, current.Environment, await ReadEnvironmentAsync(path, token).ConfigureAwait(false)),
            options,
            cancellationToken);
    }

    private async Task<EnvironmentDto> ReadEnvironmentAsync(string path, CancellationToken cancellationToken) =>
        ReadJson(await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false), BasetenJsonContext.Default.EnvironmentDto);

    private static BasetenPromotion Rollback(string modelId, string environment, EnvironmentDto current)
    {
        DeploymentDto? serving = current.CurrentDeployment;
        bool underWay = serving?.Status is string status && Array.IndexOf(DeploymentInProgress, status) >= 0;
        return underWay || serving is null
            ? BasetenPromotionMapping.Promotion(modelId, environment, RampingDown, ForceCancelSignalled(environment), serving)
            : BasetenPromotionMapping.Promotion(modelId, environment, "CANCELED", $"Rolled back: {environment} serves deployment {serving.Id} ({serving.Status}).", serving);
    }

    private static string ForceCancelSignalled(string environment) =>
        $"Force cancel signalled; Baseten is rolling {environment} back to the previous deployment.";

    /// <summary>
    /// The id of the model with this name, from the models listing (every page). None is a not-found failure; several
    /// models of the same name ask for -ModelId, naming their ids.
    /// </summary>
    public async Task<string> FindModelIdAsync(string modelName, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            string page = cursor is null ? "v1/models" : $"v1/models?cursor={Uri.EscapeDataString(cursor)}";
            ModelListDto list = ReadJson(await SendListingAsync(HttpMethod.Get, page, cancellationToken).ConfigureAwait(false), BasetenJsonContext.Default.ModelListDto);
            ids.AddRange((list.Models ?? Array.Empty<ModelDto>())
                .Where(model => string.Equals(model.Name, modelName, StringComparison.Ordinal) && !string.IsNullOrEmpty(model.Id))
                .Select(model => model.Id!));
            cursor = list.Pagination is { HasMore: true, Cursor: { Length: > 0 } next } ? next : null;
        }
        while (cursor is not null);

        return ids.Count switch
        {
            0 => throw new ServiceException(ServiceErrorKind.NotFound, $"Baseten has no model named '{modelName}'.", errorId: ErrorIds.ModelNotFound),
            1 => ids[0],
            _ => throw new ServiceException(
                ServiceErrorKind.BadRequest, $"{ids.Count} Baseten models are named '{modelName}' ({string.Join(", ", ids)}): pass -ModelId.", errorId: ErrorIds.AmbiguousModelName),
        };
    }

    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.TryAddWithoutValidation("Authorization", header.For(apiKey));

    protected override ServiceException ReadError(int statusCode, string body, string? requestId)
    {
        BasetenErrorDto? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, BasetenJsonContext.Default.BasetenErrorDto);
        }
        catch (JsonException)
        {
        }

        string message = error?.Message ?? error?.Error ?? (string.IsNullOrWhiteSpace(body) ? $"Baseten answered {statusCode}." : Excerpt(body));
        bool nothingToCancel = statusCode == 400 && error?.Code == NothingToCancel && message.IndexOf("no in progress promotion", StringComparison.OrdinalIgnoreCase) >= 0;
        return nothingToCancel
            ? new ServiceException(ServiceErrorKind.InvalidOperation, message, statusCode, error!.Code, requestId, ErrorIds.NoPromotionInProgress)
            : new ServiceException(ServiceException.KindFromStatus(statusCode), message, statusCode, error?.Code, requestId);
    }

    private static string EnvironmentPath(string modelId, string environment) =>
        $"v1/models/{Segment(modelId, "model id")}/environments/{Segment(environment, "environment name")}";
}
