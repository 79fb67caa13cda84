using System.Text.Json.Serialization;

namespace ReleaseCmdlets.Engine.Baseten;

// The wire shapes of the Baseten management API, as its OpenAPI spec names them (basetenlabs/baseten-go
// internal/tools/apigen/specs/management.json): only the members the module reads.
internal sealed class CancelPromotionDto
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

internal sealed class ForceCancelDto
{
    [JsonPropertyName("success")] public bool? Success { get; set; }
}

/// <summary>EnvironmentsV1, the answer of GET /v1/models/{model_id}/environments.</summary>
internal sealed class EnvironmentListDto
{
    [JsonPropertyName("environments")] public EnvironmentDto[]? Environments { get; set; }
}

/// <summary>EnvironmentV1.</summary>
internal sealed class EnvironmentDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("current_deployment")] public DeploymentDto? CurrentDeployment { get; set; }
    [JsonPropertyName("candidate_deployment")] public DeploymentDto? CandidateDeployment { get; set; }
    [JsonPropertyName("in_progress_promotion")] public InProgressPromotionDto? InProgressPromotion { get; set; }
}

/// <summary>DeploymentV1.</summary>
internal sealed class DeploymentDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
}

/// <summary>InProgressPromotionV1: status RELEASING, RAMPING_UP, RAMPING_DOWN, PAUSED, SUCCEEDED, FAILED or CANCELED.</summary>
internal sealed class InProgressPromotionDto
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("percent_traffic_to_new_version")] public int? PercentTrafficToNewVersion { get; set; }
    [JsonPropertyName("error_message")] public string? ErrorMessage { get; set; }
}

/// <summary>ModelsV1, the answer of GET /v1/models ("Gets all models"): every model at once, not paged.</summary>
internal sealed class ModelListDto
{
    [JsonPropertyName("models")] public ModelDto[]? Models { get; set; }
}

internal sealed class ModelDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

/// <summary>Errors are <c>{code, message}</c>; the rate limiter answers <c>{error, retry_after}</c>.</summary>
internal sealed class BasetenErrorDto
{
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CancelPromotionDto))]
[JsonSerializable(typeof(ForceCancelDto))]
[JsonSerializable(typeof(EnvironmentDto))]
[JsonSerializable(typeof(EnvironmentListDto))]
[JsonSerializable(typeof(BasetenErrorDto))]
[JsonSerializable(typeof(ModelListDto))]
internal sealed partial class BasetenJsonContext : JsonSerializerContext
{
}
