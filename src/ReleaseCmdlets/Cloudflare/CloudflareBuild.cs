using System;
using ReleaseCmdlets.Json;

namespace ReleaseCmdlets.Cloudflare;

/// <summary>
/// A Cloudflare Workers build. <c>Status</c> is <c>build_outcome</c> (<c>cancelled</c>, two l's) once the build has
/// stopped, else the build's <c>status</c> (<c>queued</c>, <c>initializing</c>, <c>running</c>).
/// </summary>
public sealed class CloudflareBuild : ReleaseInfo
{
    internal CloudflareBuild(BuildDto dto, string accountId)
    {
        BuildUuid = Guid.TryParse(dto.BuildUuid, out Guid uuid) ? uuid : Guid.Empty;
        AccountId = accountId;
        BuildStatus = dto.Status;
        BuildOutcome = dto.BuildOutcome;
        CreatedOn = UtcDate.Parse(dto.CreatedOn);
        StoppedOn = UtcDate.Parse(dto.StoppedOn);
        ModifiedOn = UtcDate.Parse(dto.ModifiedOn);
        Branch = dto.TriggerMetadata?.Branch;
        CommitHash = dto.TriggerMetadata?.CommitHash;
        Author = dto.TriggerMetadata?.Author;
        ExternalScriptId = dto.Trigger?.ExternalScriptId;
        TriggerName = dto.Trigger?.TriggerName;

        Id = BuildUuid.ToString();
        Name = TriggerName ?? ExternalScriptId ?? Id;
        Status = BuildOutcome ?? BuildStatus;
        IsFinal = BuildOutcome is not null || BuildStatus == "stopped";
    }

    public override string Provider => "Cloudflare";

    public Guid BuildUuid { get; }

    public string AccountId { get; }

    /// <summary><c>queued</c>, <c>initializing</c>, <c>running</c> or <c>stopped</c>; null when the answer did not say (the cancel answer does not).</summary>
    public string? BuildStatus { get; }

    /// <summary><c>success</c>, <c>fail</c>, <c>skipped</c>, <c>cancelled</c>, <c>terminated</c>, or null while running.</summary>
    public string? BuildOutcome { get; }

    public DateTimeOffset? CreatedOn { get; }

    public DateTimeOffset? StoppedOn { get; }

    public DateTimeOffset? ModifiedOn { get; }

    public string? Branch { get; }

    public string? CommitHash { get; }

    public string? Author { get; }

    /// <summary>The Worker's tag (not its name), which Workers Builds calls external_script_id.</summary>
    public string? ExternalScriptId { get; }

    public string? TriggerName { get; }
}
