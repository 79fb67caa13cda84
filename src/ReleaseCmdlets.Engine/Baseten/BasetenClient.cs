using System.Linq;
using ReleaseCmdlets.Baseten;

namespace ReleaseCmdlets.Engine.Baseten;

/// <summary>The promotion endpoints of the Baseten management API.</summary>
public sealed partial class BasetenClient : ServiceClient
{
    private const string RampingDown = "RAMPING_DOWN";

    public static readonly Uri DefaultUrl = new("https://api.baseten.co/");
    private const string NothingToCancel = "VALIDATION_ERROR";
    private readonly Secret apiKey;
    // The scheme of Baseten's spec (specs/management.json in basetenlabs/baseten-go: BearerAuth; Api-Key is legacy).
    private readonly SecretHeader header = new(key => "Bearer " + key, "Baseten API key");

    public BasetenClient(Uri baseUrl, Secret apiKey, RequestSettings settings)
        : base(baseUrl, settings)
    {
        this.apiKey = apiKey;
    }

    protected override ServiceDescription Service => BasetenService.Description;

    /// <summary>
    /// Cancels the promotion in progress. "No promotion in progress" is an invalid operation of its own, except when it
    /// answers a retry after an attempt that may have reached Baseten and lost its answer: then that attempt cancelled
    /// it, and that counts as success. A retry after a 429 or 503 proves nothing: those attempts never reached it.
    /// </summary>
    public Task<BasetenPromotion> CancelPromotionAsync(string modelId, string environment, CancellationToken cancellationToken) =>
        new PromotionCancel(this, modelId, environment, immediately: false).RunAsync(cancellationToken);

    /// <summary>
    /// Cancels a rolling promotion at once (force_cancel_promotion). Baseten answers <c>{success}</c>, "whether the
    /// signal was successfully sent": the rollback follows, so the promotion is written as the environment shows it just
    /// after the signal (RAMPING_DOWN while traffic goes back, not final); -Wait then watches it
    /// (<see cref="WaitForRollbackAsync"/>).
    /// </summary>
    public Task<BasetenPromotion> ForceCancelPromotionAsync(string modelId, string environment, CancellationToken cancellationToken) =>
        new PromotionCancel(this, modelId, environment, immediately: true).RunAsync(cancellationToken);

    /// <summary>
    /// -Wait after a force cancel or a RAMPING_DOWN cancel: reads the environment until its in_progress_promotion is gone
    /// or has reached CANCELED, FAILED or SUCCEEDED (EnvironmentV1 in Baseten's OpenAPI spec). The current deployment's
    /// status says nothing here: during a rolling promotion it is the previous deployment, ACTIVE throughout.
    /// </summary>
    public Task<BasetenPromotion> WaitForRollbackAsync(BasetenPromotion promotion, WaitOptions options, CancellationToken cancellationToken)
    {
        string path = EnvironmentPath(promotion.ModelId, promotion.Environment);
        return FinalStateWait.UntilFinalAsync(
            promotion,
            $"the rollback of Baseten model {promotion.ModelId} in {promotion.Environment}",
            async (current, token) => BasetenPromotionMapping.FromEnvironment(
                current.ModelId, current.Environment, await ReadEnvironmentAsync(path, token).ConfigureAwait(false), current.CandidateDeploymentId),
            options,
            Settings.Clock,
            cancellationToken);
    }

    /// <summary>
    /// The promotion of each environment of the model (<paramref name="environment"/> alone when given), read from
    /// its in_progress_promotion and candidate_deployment; <paramref name="inProgressOnly"/> leaves out the environments
    /// with none and those whose promotion has ended (InProgressPromotionStatusV1 also holds SUCCEEDED, FAILED and
    /// CANCELED). An unknown model or environment is a not-found failure.
    /// </summary>
    public async Task<IReadOnlyList<BasetenPromotion>> GetPromotionsAsync(string modelId, string? environment, bool inProgressOnly, CancellationToken cancellationToken)
    {
        EnvironmentDto[] environments = environment is not null
            ? new[] { await ReadEnvironmentAsync(EnvironmentPath(modelId, environment), cancellationToken).ConfigureAwait(false) }
            : ReadJson(
                await SendListingAsync(HttpMethod.Get, $"v1/models/{Segment(modelId, "model id")}/environments", cancellationToken).ConfigureAwait(false),
                BasetenJsonContext.Default.EnvironmentListDto).Environments ?? Array.Empty<EnvironmentDto>();
        return environments
            .Select(read => BasetenPromotionMapping.Observed(modelId, environment ?? read.Name ?? "", read))
            .Where(promotion => !inProgressOnly || !promotion.IsFinal)
            .ToList();
    }

    private async Task<EnvironmentDto> ReadEnvironmentAsync(string path, CancellationToken cancellationToken) =>
        ReadJson(await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false), BasetenJsonContext.Default.EnvironmentDto);

    private static string ForceCancelSignalled(string environment) =>
        $"Force cancel signalled; Baseten is rolling {environment} back to the previous deployment.";

    /// <summary>
    /// The id of the model with this name, from the models listing (GET /v1/models answers ModelsV1, every model at
    /// once). None is a not-found failure; several models of the same name ask for -ModelId, naming their ids.
    /// </summary>
    public async Task<string> FindModelIdAsync(string modelName, CancellationToken cancellationToken)
    {
        var ids = (await ListModelsAsync(cancellationToken).ConfigureAwait(false))
            .Where(model => string.Equals(model.Name, modelName, StringComparison.Ordinal))
            .Select(model => model.Id)
            .ToList();

        return ids.Count switch
        {
            0 => throw ServiceException.Refused(ServiceErrorKind.NotFound, $"Baseten has no model named '{modelName}'.", BasetenErrorIds.ModelNotFound),
            1 => ids[0],
            _ => throw ServiceException.Refused(
                ServiceErrorKind.BadRequest, $"{ids.Count} Baseten models are named '{modelName}' ({string.Join(", ", ids)}): pass -ModelId.", BasetenErrorIds.AmbiguousModelName),
        };
    }

    /// <summary>Every model of the workspace, from one request ("Gets all models": GET /v1/models, not paged).</summary>
    public async Task<IReadOnlyList<BasetenModel>> ListModelsAsync(CancellationToken cancellationToken)
    {
        ModelListDto list = ReadJson(await SendListingAsync(HttpMethod.Get, "v1/models", cancellationToken).ConfigureAwait(false), BasetenJsonContext.Default.ModelListDto);
        return (list.Models ?? Array.Empty<ModelDto>())
            .Where(model => !string.IsNullOrEmpty(model.Id))
            .Select(model => new BasetenModel(model.Id!, model.Name))
            .ToList();
    }

    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.TryAddWithoutValidation("Authorization", header.For(apiKey));

    protected override ServiceException ReadError(int statusCode, string body, string? requestId)
    {
        BasetenErrorDto? error = ErrorBody(body, BasetenJsonContext.Default.BasetenErrorDto);

        string message = error?.Message ?? error?.Error ?? (string.IsNullOrWhiteSpace(body) ? $"Baseten answered {statusCode}." : Excerpt(body));
        bool nothingToCancel = statusCode == 400 && error?.Code == NothingToCancel && message.IndexOf("no in progress promotion", StringComparison.OrdinalIgnoreCase) >= 0;
        return nothingToCancel
            ? ServiceException.NothingToCancel(ServiceErrorKind.InvalidOperation, message, BasetenErrorIds.NoPromotionInProgress, statusCode, error!.Code, requestId)
            : ServiceException.Answered(statusCode, message, error?.Code, requestId);
    }

    private static string EnvironmentPath(string modelId, string environment) =>
        $"v1/models/{Segment(modelId, "model id")}/environments/{Segment(environment, "environment name")}";
}
