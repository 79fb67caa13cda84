using System.Text.Json.Serialization;

namespace ReleaseCmdlets.Baseten;

// The wire shapes of the Baseten management API (api-facts.md §4).
internal sealed class CancelPromotionDto
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

internal sealed class ForceCancelDto
{
    [JsonPropertyName("success")] public bool? Success { get; set; }
}

internal sealed class EnvironmentDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("model_id")] public string? ModelId { get; set; }
    [JsonPropertyName("current_deployment")] public DeploymentDto? CurrentDeployment { get; set; }
}

internal sealed class DeploymentDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
}

/// <summary>
/// GET /v1/models ("Gets all models", docs.baseten.co reference/management-api/models): <c>{models: [{id, name, …}]}</c>.
/// The newer list endpoints of the same API page with <c>pagination: {has_more, cursor}</c>; when an answer carries it,
/// the next page is asked for with <c>?cursor=</c>.
/// </summary>
internal sealed class ModelListDto
{
    [JsonPropertyName("models")] public ModelDto[]? Models { get; set; }
    [JsonPropertyName("pagination")] public PaginationDto? Pagination { get; set; }
}

internal sealed class ModelDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

internal sealed class PaginationDto
{
    [JsonPropertyName("has_more")] public bool? HasMore { get; set; }
    [JsonPropertyName("cursor")] public string? Cursor { get; set; }
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
[JsonSerializable(typeof(BasetenErrorDto))]
[JsonSerializable(typeof(ModelListDto))]
internal sealed partial class BasetenJsonContext : JsonSerializerContext
{
}
