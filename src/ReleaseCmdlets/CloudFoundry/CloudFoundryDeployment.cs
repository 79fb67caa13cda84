using System;
using ReleaseCmdlets.Json;

namespace ReleaseCmdlets.CloudFoundry;

/// <summary>A Cloud Foundry v3 deployment. <c>Status</c> is <c>status.reason</c>; <c>status.value</c> is <see cref="StatusValue"/>.</summary>
public sealed class CloudFoundryDeployment : ReleaseInfo
{
    internal CloudFoundryDeployment(DeploymentDto dto, string? appName)
    {
        DeploymentGuid = ParseGuid(dto.Guid) ?? Guid.Empty;
        AppGuid = ParseGuid(dto.Relationships?.App?.Data?.Guid);
        AppName = appName;
        StatusValue = dto.Status?.Value;
        StatusReason = dto.Status?.Reason;
        Strategy = dto.Strategy;
        CreatedAt = UtcDate.Parse(dto.CreatedAt);
        UpdatedAt = UtcDate.Parse(dto.UpdatedAt);
        LastStatusChange = UtcDate.Parse(dto.Status?.Details?.LastStatusChange);
        ErrorDetail = dto.Status?.Details?.Error;
        DropletGuid = ParseGuid(dto.Droplet?.Guid);
        PreviousDropletGuid = ParseGuid(dto.PreviousDroplet?.Guid);

        Id = DeploymentGuid.ToString();
        Name = appName ?? AppGuid?.ToString();
        Status = StatusReason;
        IsFinal = StatusValue == "FINALIZED";
    }

    public override string Provider => "CloudFoundry";

    public Guid DeploymentGuid { get; }

    public Guid? AppGuid { get; }

    /// <summary>The app's name when the cmdlet looked it up by name; otherwise null.</summary>
    public string? AppName { get; }

    /// <summary><c>ACTIVE</c> or <c>FINALIZED</c>.</summary>
    public string? StatusValue { get; }

    /// <summary><c>DEPLOYING</c>, <c>PAUSED</c>, <c>CANCELING</c>, <c>DEPLOYED</c>, <c>CANCELED</c> or <c>SUPERSEDED</c>.</summary>
    public string? StatusReason { get; }

    /// <summary><c>rolling</c> or <c>canary</c>.</summary>
    public string? Strategy { get; }

    public DateTimeOffset? CreatedAt { get; }

    public DateTimeOffset? UpdatedAt { get; }

    public DateTimeOffset? LastStatusChange { get; }

    /// <summary>The deployment's error text, when Cloud Foundry reports one.</summary>
    public string? ErrorDetail { get; }

    public Guid? DropletGuid { get; }

    public Guid? PreviousDropletGuid { get; }

    private static Guid? ParseGuid(string? text) => Guid.TryParse(text, out Guid value) ? value : null;
}
