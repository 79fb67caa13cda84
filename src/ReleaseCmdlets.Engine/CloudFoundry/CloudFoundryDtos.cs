using System.Text.Json.Serialization;

namespace ReleaseCmdlets.Engine.CloudFoundry;

// The wire shapes of Cloud Foundry v3 (cloud_controller_ng's v3 API), the cf CLI's config.json (util/configv3) and UAA's
// token answer (api/uaa/refresh_token.go): only the members the module reads.
internal sealed class DeploymentDto
{
    [JsonPropertyName("guid")] public string? Guid { get; set; }
    [JsonPropertyName("created_at")] public string? CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public string? UpdatedAt { get; set; }
    [JsonPropertyName("status")] public DeploymentStatusDto? Status { get; set; }
    [JsonPropertyName("strategy")] public string? Strategy { get; set; }
    [JsonPropertyName("droplet")] public GuidDto? Droplet { get; set; }
    [JsonPropertyName("previous_droplet")] public GuidDto? PreviousDroplet { get; set; }
    [JsonPropertyName("relationships")] public RelationshipsDto? Relationships { get; set; }
}

internal sealed class DeploymentStatusDto
{
    [JsonPropertyName("value")] public string? Value { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("details")] public DeploymentStatusDetailsDto? Details { get; set; }
}

internal sealed class DeploymentStatusDetailsDto
{
    [JsonPropertyName("last_successful_healthcheck")] public string? LastSuccessfulHealthcheck { get; set; }
    [JsonPropertyName("last_status_change")] public string? LastStatusChange { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
}

internal sealed class GuidDto
{
    [JsonPropertyName("guid")] public string? Guid { get; set; }
}

internal sealed class RelationshipsDto
{
    [JsonPropertyName("app")] public RelationshipDto? App { get; set; }
    [JsonPropertyName("space")] public RelationshipDto? Space { get; set; }
}

internal sealed class RelationshipDto
{
    [JsonPropertyName("data")] public GuidDto? Data { get; set; }
}

internal sealed class AppDto
{
    [JsonPropertyName("guid")] public string? Guid { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("relationships")] public RelationshipsDto? Relationships { get; set; }
}

internal sealed class ListDto<T>
{
    [JsonPropertyName("pagination")] public PaginationDto? Pagination { get; set; }
    [JsonPropertyName("resources")] public T[]? Resources { get; set; }
    [JsonPropertyName("included")] public IncludedDto? Included { get; set; }
}

/// <summary>What <c>include=space</c> adds to a listing (spec/request/apps_spec.rb: included.spaces).</summary>
internal sealed class IncludedDto
{
    [JsonPropertyName("spaces")] public NamedDto[]? Spaces { get; set; }
}

internal sealed class NamedDto
{
    [JsonPropertyName("guid")] public string? Guid { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

internal sealed class PaginationDto
{
    [JsonPropertyName("total_pages")] public int? TotalPages { get; set; }
    [JsonPropertyName("next")] public LinkDto? Next { get; set; }
}

internal sealed class LinkDto
{
    [JsonPropertyName("href")] public string? Href { get; set; }
}

internal sealed class ErrorListDto
{
    [JsonPropertyName("errors")] public ErrorDto[]? Errors { get; set; }
}

internal sealed class ErrorDto
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("detail")] public string? Detail { get; set; }
}

/// <summary>The parts of the cf CLI's $CF_HOME/.cf/config.json the module reads.</summary>
internal sealed class CliConfigDto
{
    [JsonPropertyName("AccessToken")] public string? AccessToken { get; set; }
    [JsonPropertyName("RefreshToken")] public string? RefreshToken { get; set; }
    [JsonPropertyName("UaaEndpoint")] public string? UaaEndpoint { get; set; }
    [JsonPropertyName("AuthorizationEndpoint")] public string? AuthorizationEndpoint { get; set; }
    [JsonPropertyName("UAAOAuthClient")] public string? UaaOAuthClient { get; set; }
    [JsonPropertyName("UAAOAuthClientSecret")] public string? UaaOAuthClientSecret { get; set; }
    [JsonPropertyName("UAAGrantType")] public string? UaaGrantType { get; set; }
    [JsonPropertyName("Target")] public string? Target { get; set; }
    [JsonPropertyName("SpaceFields")] public CliSpaceDto? SpaceFields { get; set; }
}

/// <summary>UAA's answer to a token grant (POST /oauth/token).</summary>
internal sealed class UaaTokenDto
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
}

/// <summary>The one claim of an access token the module reads (unverified: only to know when to refresh).</summary>
internal sealed class JwtClaimsDto
{
    [JsonPropertyName("exp")] public long? Expires { get; set; }
    [JsonPropertyName("user_id")] public string? UserId { get; set; }
    [JsonPropertyName("client_id")] public string? ClientId { get; set; }
}

internal sealed class CliSpaceDto
{
    [JsonPropertyName("GUID")] public string? Guid { get; set; }
    [JsonPropertyName("Name")] public string? Name { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DeploymentDto))]
[JsonSerializable(typeof(ListDto<DeploymentDto>))]
[JsonSerializable(typeof(ListDto<AppDto>))]
[JsonSerializable(typeof(ErrorListDto))]
[JsonSerializable(typeof(CliConfigDto))]
[JsonSerializable(typeof(UaaTokenDto))]
[JsonSerializable(typeof(JwtClaimsDto))]
internal sealed partial class CloudFoundryJsonContext : JsonSerializerContext
{
}
