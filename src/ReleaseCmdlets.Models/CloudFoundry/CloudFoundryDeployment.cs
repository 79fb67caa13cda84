using System.Collections.Generic;
using System;

namespace ReleaseCmdlets.CloudFoundry;

/// <summary>A Cloud Foundry v3 deployment. <c>Status</c> is <c>status.reason</c>; <c>status.value</c> is <see cref="StatusValue"/>.</summary>
public sealed class CloudFoundryDeployment : ReleaseInfo
{
    internal CloudFoundryDeployment()
    {
    }

    public override string Provider => "CloudFoundry";

    internal override string StopCommand => "Stop-CfDeployment";

    internal override void KeepListed(ReleaseInfo listed)
    {
        if (listed is CloudFoundryDeployment deployment && deployment.DeploymentGuid == DeploymentGuid)
        {
            SpaceName ??= deployment.SpaceName;
        }
    }

    internal override IEnumerable<KeyValuePair<string, string?>> CompletionNames => new[] { new KeyValuePair<string, string?>("AppName", AppName) };

    public Guid DeploymentGuid { get; internal set; }

    public Guid? AppGuid { get; internal set; }

    /// <summary>The app's name when the cmdlet looked it up by name; otherwise null.</summary>
    public string? AppName { get; internal set; }

    /// <summary>The name of the app's space, when the listing looked the app up (Get-CfDeployment without -AppName).</summary>
    public string? SpaceName { get; internal set; }

    /// <summary><c>ACTIVE</c> or <c>FINALIZED</c>.</summary>
    public string? StatusValue { get; internal set; }

    /// <summary><c>DEPLOYING</c>, <c>PAUSED</c>, <c>CANCELING</c>, <c>DEPLOYED</c>, <c>CANCELED</c> or <c>SUPERSEDED</c>.</summary>
    public string? StatusReason { get; internal set; }

    /// <summary><c>rolling</c> or <c>canary</c>.</summary>
    public string? Strategy { get; internal set; }

    public DateTimeOffset? CreatedAt { get; internal set; }

    public DateTimeOffset? UpdatedAt { get; internal set; }

    public DateTimeOffset? LastStatusChange { get; internal set; }

    /// <summary>The deployment's error text, when Cloud Foundry reports one.</summary>
    public string? ErrorDetail { get; internal set; }

    public Guid? DropletGuid { get; internal set; }

    public Guid? PreviousDropletGuid { get; internal set; }

    internal override void ScrubServiceText(Func<string, string> scrub)
    {
        if (ErrorDetail is not null)
        {
            ErrorDetail = scrub(ErrorDetail);
        }
    }
}
