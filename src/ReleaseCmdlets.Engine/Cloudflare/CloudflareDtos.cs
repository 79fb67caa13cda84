using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReleaseCmdlets.Engine.Cloudflare;

// The wire shapes of the Cloudflare v4 envelope and Workers Builds objects, as Cloudflare's schema names them
// (builds_APIResponse, builds_BuildResponse; the scripts listing as cloudflare-go workers/script.go): only what is read.
/// <summary>The envelope without its result: what every answer, failed or not, carries.</summary>
internal class ErrorEnvelopeDto
{
    [JsonPropertyName("success")] public bool? Success { get; set; }
    [JsonPropertyName("errors")] public CloudflareErrorDto[]? Errors { get; set; }

    /// <summary>Strings in the builds schema, objects elsewhere: kept raw and read either way.</summary>
    [JsonPropertyName("messages")] public JsonElement Messages { get; set; }
}

internal sealed class BuildEnvelopeDto : ErrorEnvelopeDto
{
    [JsonPropertyName("result")] public BuildDto? Result { get; set; }
}

/// <summary>GET /accounts/{account_id}/workers/scripts: every script of the account (cloudflare-go workers/script.go).</summary>
internal sealed class ScriptListEnvelopeDto : ErrorEnvelopeDto
{
    [JsonPropertyName("result")] public ScriptDto[]? Result { get; set; }
}

/// <summary>A Worker script: its id is its name; its tag is the immutable id builds call external_script_id.</summary>
internal sealed class ScriptDto
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("tag")] public string? Tag { get; set; }
}

/// <summary>GET /accounts/{account_id}/builds/workers/{external_script_id}/builds: one page of a Worker's builds.</summary>
internal sealed class BuildListEnvelopeDto : ErrorEnvelopeDto
{
    [JsonPropertyName("result")] public BuildDto[]? Result { get; set; }
    [JsonPropertyName("result_info")] public ResultInfoDto? ResultInfo { get; set; }
}

internal sealed class ResultInfoDto
{
    [JsonPropertyName("page")] public int? Page { get; set; }
    [JsonPropertyName("total_pages")] public int? TotalPages { get; set; }
}

internal sealed class CloudflareErrorDto
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("error_chain")] public CloudflareErrorDto[]? ErrorChain { get; set; }
}

internal sealed class BuildDto
{
    [JsonPropertyName("build_uuid")] public string? BuildUuid { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("build_outcome")] public string? BuildOutcome { get; set; }
    [JsonPropertyName("created_on")] public string? CreatedOn { get; set; }
    [JsonPropertyName("stopped_on")] public string? StoppedOn { get; set; }
    [JsonPropertyName("modified_on")] public string? ModifiedOn { get; set; }
    [JsonPropertyName("build_trigger_metadata")] public TriggerMetadataDto? TriggerMetadata { get; set; }
    [JsonPropertyName("trigger")] public TriggerDto? Trigger { get; set; }
}

internal sealed class TriggerMetadataDto
{
    [JsonPropertyName("branch")] public string? Branch { get; set; }
    [JsonPropertyName("commit_hash")] public string? CommitHash { get; set; }
    [JsonPropertyName("author")] public string? Author { get; set; }
    [JsonPropertyName("build_trigger_source")] public string? Source { get; set; }
}

internal sealed class TriggerDto
{
    [JsonPropertyName("external_script_id")] public string? ExternalScriptId { get; set; }
    [JsonPropertyName("trigger_name")] public string? TriggerName { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(BuildEnvelopeDto))]
[JsonSerializable(typeof(ErrorEnvelopeDto))]
[JsonSerializable(typeof(ScriptListEnvelopeDto))]
[JsonSerializable(typeof(BuildListEnvelopeDto))]
internal sealed partial class CloudflareJsonContext : JsonSerializerContext
{
}
