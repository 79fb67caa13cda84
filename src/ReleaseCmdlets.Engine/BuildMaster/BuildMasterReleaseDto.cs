using System.Text.Json.Serialization;

namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>The wire shape of a release, including the legacy aliases <c>number</c> and <c>name</c>.</summary>
internal sealed class BuildMasterReleaseDto
{
    [JsonPropertyName("id")] public int? Id { get; set; }
    [JsonPropertyName("releaseNumber")] public string? ReleaseNumber { get; set; }
    [JsonPropertyName("number")] public string? Number { get; set; }
    [JsonPropertyName("releaseName")] public string? ReleaseName { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("sequence")] public int? Sequence { get; set; }
    [JsonPropertyName("template")] public string? Template { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; set; }
    [JsonPropertyName("createdOn")] public string? CreatedOn { get; set; }
    [JsonPropertyName("canceledBy")] public string? CanceledBy { get; set; }
    [JsonPropertyName("canceledOn")] public string? CanceledOn { get; set; }
    [JsonPropertyName("targetDate")] public string? TargetDate { get; set; }
    [JsonPropertyName("applicationId")] public int? ApplicationId { get; set; }
    [JsonPropertyName("applicationName")] public string? ApplicationName { get; set; }
    [JsonPropertyName("pipelineName")] public string? PipelineName { get; set; }
    [JsonPropertyName("latestBuildNumber")] public string? LatestBuildNumber { get; set; }
    [JsonPropertyName("furthestBuildNumber")] public string? FurthestBuildNumber { get; set; }
}
