using System.Collections.Generic;
using System;

namespace ReleaseCmdlets.BuildMaster;

/// <summary>A BuildMaster release (Release &amp; Build Deployment API ReleaseInfo).</summary>
public sealed class BuildMasterRelease : ReleaseInfo
{
    internal BuildMasterRelease()
    {
    }

    public override string Provider => "BuildMaster";

    internal override string StopCommand => "Stop-BmRelease";

    internal override IEnumerable<KeyValuePair<string, string?>> CompletionNames => new[] { new KeyValuePair<string, string?>("ApplicationName", ApplicationName) };

    public int ReleaseId { get; internal set; }

    public string? ReleaseNumber { get; internal set; }

    public string? ReleaseName { get; internal set; }

    public int? ApplicationId { get; internal set; }

    public string? ApplicationName { get; internal set; }

    public string? PipelineName { get; internal set; }

    public int? Sequence { get; internal set; }

    public string? Template { get; internal set; }

    public string? CreatedBy { get; internal set; }

    public DateTimeOffset? CreatedOn { get; internal set; }

    public string? CanceledBy { get; internal set; }

    public DateTimeOffset? CanceledOn { get; internal set; }

    public DateTimeOffset? TargetDate { get; internal set; }

    public string? LatestBuildNumber { get; internal set; }

    public string? FurthestBuildNumber { get; internal set; }
}
