using ReleaseCmdlets.Engine.Json;
using ReleaseCmdlets.Cloudflare;

namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>From a Workers Builds build (or a cancel result) to the output type.</summary>
internal static class CloudflareBuildMapping
{
    /// <summary>
    /// A cancel's result carries only the outcome and stop time; what the listing said of the build (branch, commit,
    /// trigger, Worker and its name) fills the rest.
    /// </summary>
    public static CloudflareBuild WithDetailsOf(this CloudflareBuild cancelled, CloudflareBuild listed)
    {
        cancelled.Branch ??= listed.Branch;
        cancelled.CommitHash ??= listed.CommitHash;
        cancelled.Author ??= listed.Author;
        cancelled.ExternalScriptId ??= listed.ExternalScriptId;
        cancelled.TriggerName ??= listed.TriggerName;
        cancelled.CreatedOn ??= listed.CreatedOn;
        cancelled.Worker ??= listed.Worker;
        cancelled.Name = cancelled.TriggerName ?? cancelled.ExternalScriptId ?? cancelled.Id;
        return cancelled;
    }

    public static CloudflareBuild ToBuild(this BuildDto dto, string accountId)
    {
        var build = new CloudflareBuild
        {
            BuildUuid = Guid.TryParse(dto.BuildUuid, out Guid uuid) ? uuid : Guid.Empty,
            AccountId = accountId,
            BuildStatus = dto.Status,
            BuildOutcome = dto.BuildOutcome,
            CreatedOn = UtcDate.Parse(dto.CreatedOn),
            StoppedOn = UtcDate.Parse(dto.StoppedOn),
            ModifiedOn = UtcDate.Parse(dto.ModifiedOn),
            Branch = dto.TriggerMetadata?.Branch,
            CommitHash = dto.TriggerMetadata?.CommitHash,
            Author = dto.TriggerMetadata?.Author,
            ExternalScriptId = dto.Trigger?.ExternalScriptId,
            TriggerName = dto.Trigger?.TriggerName,
            Status = dto.BuildOutcome ?? dto.Status,
            IsFinal = dto.BuildOutcome is not null || dto.Status == "stopped",
        };
        build.Id = build.BuildUuid.ToString();
        build.Name = build.TriggerName ?? build.ExternalScriptId ?? build.Id;
        return build;
    }
}
