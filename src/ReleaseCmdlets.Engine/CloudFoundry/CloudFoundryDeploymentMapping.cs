using ReleaseCmdlets.Engine.Json;
using ReleaseCmdlets.CloudFoundry;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>From the v3 deployment object to the output type; <c>Status</c> is <c>status.reason</c>.</summary>
internal static class CloudFoundryDeploymentMapping
{
    public static CloudFoundryDeployment ToDeployment(this DeploymentDto dto, string? appName)
    {
        var deployment = new CloudFoundryDeployment
        {
            DeploymentGuid = ParseGuid(dto.Guid) ?? Guid.Empty,
            AppGuid = ParseGuid(dto.Relationships?.App?.Data?.Guid),
            AppName = appName,
            StatusValue = dto.Status?.Value,
            StatusReason = dto.Status?.Reason,
            Strategy = dto.Strategy,
            CreatedAt = UtcDate.Parse(dto.CreatedAt),
            UpdatedAt = UtcDate.Parse(dto.UpdatedAt),
            LastStatusChange = UtcDate.Parse(dto.Status?.Details?.LastStatusChange),
            ErrorDetail = dto.Status?.Details?.Error,
            DropletGuid = ParseGuid(dto.Droplet?.Guid),
            PreviousDropletGuid = ParseGuid(dto.PreviousDroplet?.Guid),
            Status = dto.Status?.Reason,
            IsFinal = dto.Status?.Value == "FINALIZED",
        };
        deployment.Id = deployment.DeploymentGuid.ToString();
        deployment.Name = appName ?? deployment.AppGuid?.ToString();
        return deployment;
    }

    private static Guid? ParseGuid(string? text) => Guid.TryParse(text, out Guid value) ? value : null;
}
