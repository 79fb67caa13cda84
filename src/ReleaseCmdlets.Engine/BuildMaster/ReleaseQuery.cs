using System.Globalization;
using System.Linq;
using ReleaseCmdlets.BuildMaster;

namespace ReleaseCmdlets.Engine.BuildMaster;

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

    /// <summary>
    /// Whether a listed release is one the filters ask for, by the fields the answer carries (a filter whose field is
    /// missing does not match). Application, pipeline and status compare without regard to case, as BuildMaster does;
    /// release number and name exactly.
    /// </summary>
    public bool Matches(BuildMasterRelease release) =>
        (ApplicationId is not int applicationId || release.ApplicationId == applicationId)
        && Same(ApplicationName, release.ApplicationName, StringComparison.OrdinalIgnoreCase)
        && (ReleaseId is not int releaseId || release.ReleaseId == releaseId)
        && Same(ReleaseNumber, release.ReleaseNumber, StringComparison.Ordinal)
        && Same(ReleaseName, release.ReleaseName, StringComparison.Ordinal)
        && Same(PipelineName, release.PipelineName, StringComparison.OrdinalIgnoreCase)
        && Same(Status, release.Status, StringComparison.OrdinalIgnoreCase);

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

    private static bool Same(string? wanted, string? listed, StringComparison comparison) =>
        wanted is null || string.Equals(wanted, listed, comparison);

    private static void Add(Dictionary<string, string> keys, string name, string? value)
    {
        if (value is not null)
        {
            keys[name] = value;
        }
    }
}
