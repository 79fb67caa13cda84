using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ReleaseCmdlets.BuildMaster;

/// <summary>The filters of Get Releases; every one optional, each sent once and only when set.</summary>
public sealed class ReleaseQuery
{
    public int? ApplicationId { get; set; }
    public string? ApplicationName { get; set; }
    public int? ReleaseId { get; set; }
    public string? ReleaseNumber { get; set; }
    public string? ReleaseName { get; set; }
    public string? PipelineName { get; set; }
    public string? Status { get; set; }

    public override string ToString() =>
        ToKeys() is { Count: > 0 } keys ? string.Join(", ", keys.Select(k => $"{k.Key}={k.Value}")) : "all releases";

    internal Dictionary<string, string> ToKeys()
    {
        var keys = new Dictionary<string, string>();
        Add(keys, "applicationId", ApplicationId?.ToString(CultureInfo.InvariantCulture));
        Add(keys, "applicationName", ApplicationName);
        Add(keys, "releaseId", ReleaseId?.ToString(CultureInfo.InvariantCulture));
        Add(keys, "releaseNumber", ReleaseNumber);
        Add(keys, "releaseName", ReleaseName);
        Add(keys, "pipelineName", PipelineName);
        Add(keys, "status", Status);
        return keys;
    }

    private static void Add(Dictionary<string, string> keys, string name, string? value)
    {
        if (value is not null)
        {
            keys[name] = value;
        }
    }
}
