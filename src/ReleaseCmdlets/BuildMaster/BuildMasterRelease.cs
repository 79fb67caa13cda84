using System;
using ReleaseCmdlets.Json;

namespace ReleaseCmdlets.BuildMaster;

/// <summary>A BuildMaster release (Release &amp; Build Deployment API ReleaseInfo).</summary>
public sealed class BuildMasterRelease : ReleaseInfo
{
    internal BuildMasterRelease(BuildMasterReleaseDto dto)
    {
        ReleaseId = dto.Id ?? 0;
        ReleaseNumber = dto.ReleaseNumber ?? dto.Number;
        ReleaseName = dto.ReleaseName ?? dto.Name;
        ApplicationId = dto.ApplicationId;
        ApplicationName = dto.ApplicationName;
        PipelineName = dto.PipelineName;
        Sequence = dto.Sequence;
        Template = dto.Template;
        CreatedBy = dto.CreatedBy;
        CreatedOn = UtcDate.Parse(dto.CreatedOn);
        CanceledBy = dto.CanceledBy;
        CanceledOn = UtcDate.Parse(dto.CanceledOn);
        TargetDate = UtcDate.Parse(dto.TargetDate);
        LatestBuildNumber = dto.LatestBuildNumber;
        FurthestBuildNumber = dto.FurthestBuildNumber;

        Id = ReleaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Name = ReleaseName ?? ReleaseNumber;
        Status = dto.Status;
        IsFinal = dto.Status is "canceled" or "deployed";
    }

    public override string Provider => "BuildMaster";

    public int ReleaseId { get; }

    public string? ReleaseNumber { get; }

    public string? ReleaseName { get; }

    public int? ApplicationId { get; }

    public string? ApplicationName { get; }

    public string? PipelineName { get; }

    public int? Sequence { get; }

    public string? Template { get; }

    public string? CreatedBy { get; }

    public DateTimeOffset? CreatedOn { get; }

    public string? CanceledBy { get; }

    public DateTimeOffset? CanceledOn { get; }

    public DateTimeOffset? TargetDate { get; }

    public string? LatestBuildNumber { get; }

    public string? FurthestBuildNumber { get; }
}
