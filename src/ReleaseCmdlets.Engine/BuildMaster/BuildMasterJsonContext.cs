using System.Text.Json.Serialization;

namespace ReleaseCmdlets.Engine.BuildMaster;

[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BuildMasterReleaseDto))]
[JsonSerializable(typeof(BuildMasterReleaseDto[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class BuildMasterJsonContext : JsonSerializerContext
{
}
