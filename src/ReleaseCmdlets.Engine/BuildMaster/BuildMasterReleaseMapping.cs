using System.Globalization;
using ReleaseCmdlets.Engine.Json;
using ReleaseCmdlets.BuildMaster;

namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>From the wire shape to the output type: legacy aliases, UTC dates, and the common ReleaseInfo members.</summary>
internal static class BuildMasterReleaseMapping
{
    public static BuildMasterRelease ToRelease(this BuildMasterReleaseDto dto)
    {
        var release = new BuildMasterRelease
        {
            ReleaseId = dto.Id ?? 0,
            ReleaseNumber = dto.ReleaseNumber ?? dto.Number,
            ReleaseName = dto.ReleaseName ?? dto.Name,
            ApplicationId = dto.ApplicationId,
            ApplicationName = dto.ApplicationName,
            PipelineName = dto.PipelineName,
            Sequence = dto.Sequence,
            Template = dto.Template,
            CreatedBy = dto.CreatedBy,
            CreatedOn = UtcDate.Parse(dto.CreatedOn),
            CanceledBy = dto.CanceledBy,
            CanceledOn = UtcDate.Parse(dto.CanceledOn),
            TargetDate = UtcDate.Parse(dto.TargetDate),
            LatestBuildNumber = dto.LatestBuildNumber,
            FurthestBuildNumber = dto.FurthestBuildNumber,
            Status = dto.Status,
            IsFinal = dto.Status is "canceled" or "deployed",
        };
        release.Id = release.ReleaseId.ToString(CultureInfo.InvariantCulture);
        release.Name = release.ReleaseName ?? release.ReleaseNumber;
        return release;
    }
}
