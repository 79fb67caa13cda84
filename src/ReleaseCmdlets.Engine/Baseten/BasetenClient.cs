using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ReleaseCmdlets.Http;

namespace ReleaseCmdlets.Baseten;

/// <summary>The promotion endpoints of the Baseten management API.</summary>
public sealed class BasetenClient : ServiceClient
{
    public static readonly Uri DefaultUrl = new("https://api.baseten.co/");
    internal const string NoPromotionInProgress = "NoPromotionInProgress";
    private const string NothingToCancel = "VALIDATION_ERROR";
    private readonly Secret apiKey;

    public BasetenClient(Uri baseUrl, Secret apiKey, RequestSettings settings)
        : base(baseUrl, settings)
    {
        this.apiKey = apiKey;
    }

    protected override string ServiceName => "Baseten";

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
        catch (ServiceException nothing) when (nothing.ErrorId == NoPromotionInProgress && nothing.EarlierAttemptMayHaveLanded)
        {
            return BasetenPromotionMapping.Promotion(modelId, environment, "CANCELED", $"{nothing.Message} (An earlier attempt that got no answer cancelled it.)");
        }
    }

    /// <summary>Cancels a rolling promotion at once (force_cancel_promotion) and reads the environment it rolled back to.</summary>
    public async Task<BasetenPromotion> ForceCancelPromotionAsync(string modelId, string environment, CancellationToken cancellationToken)
    {
        string path = EnvironmentPath(modelId, environment);
        ServiceResponse response = await SendAsync(HttpMethod.Post, path + "/force_cancel_promotion", null, cancellationToken).ConfigureAwait(false);
        if (ReadJson(response, BasetenJsonContext.Default.ForceCancelDto).Success != true)
        {
            throw new ServiceException(
                ServiceErrorKind.InvalidOperation,
                $"Baseten did not force-cancel the promotion of model {modelId} to {environment} (success: false).",
                response.StatusCode, requestId: response.RequestId, errorId: "ForceCancelRefused");
        }

        ServiceResponse state = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        EnvironmentDto current = ReadJson(state, BasetenJsonContext.Default.EnvironmentDto);
        return BasetenPromotionMapping.Promotion(
            modelId, environment, "CANCELED",
            $"Promotion force-cancelled; {environment} serves deployment {current.CurrentDeployment?.Id ?? "(unknown)"} again.",
            current.CurrentDeployment);
    }

    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.TryAddWithoutValidation("Authorization", "Api-Key " + apiKey.Reveal());

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
            ? new ServiceException(ServiceErrorKind.InvalidOperation, message, statusCode, error!.Code, requestId, NoPromotionInProgress)
            : new ServiceException(ServiceException.KindFromStatus(statusCode), message, statusCode, error?.Code, requestId);
    }

    private static string EnvironmentPath(string modelId, string environment) =>
        $"v1/models/{Segment(modelId, "model id")}/environments/{Segment(environment, "environment name")}";
}
