using System.Collections.Generic;
using System;

namespace ReleaseCmdlets.Cloudflare;

/// <summary>
/// A Cloudflare Workers build. <c>Status</c> is <c>build_outcome</c> (<c>cancelled</c>, two l's) once the build has
/// stopped, else the build's <c>status</c> (<c>queued</c>, <c>initializing</c>, <c>running</c>).
/// </summary>
public sealed class CloudflareBuild : ReleaseInfo
{
    internal CloudflareBuild()
    {
    }

    public override string Provider => "Cloudflare";

    internal override string StopCommand => "Stop-CfBuild";

    internal override IEnumerable<KeyValuePair<string, string?>> CompletionNames => new[] { new KeyValuePair<string, string?>("WorkerName", Worker) };

    internal override string? Place => AccountId;

    public Guid BuildUuid { get; internal set; }

    public string AccountId { get; internal set; } = "";

    /// <summary>
    /// The Worker's name, when the build was listed or cancelled by it (-WorkerName); its tag is ExternalScriptId. Not
    /// named WorkerName, which a piped object would bind to Stop-CfBuild's -WorkerName: every build of the Worker.
    /// </summary>
    public string? Worker { get; internal set; }

    /// <summary><c>queued</c>, <c>initializing</c>, <c>running</c> or <c>stopped</c>; null when the answer did not say (the cancel answer does not).</summary>
    public string? BuildStatus { get; internal set; }

    /// <summary><c>success</c>, <c>fail</c>, <c>skipped</c>, <c>cancelled</c>, <c>terminated</c>, or null while running.</summary>
    public string? BuildOutcome { get; internal set; }

    public DateTimeOffset? CreatedOn { get; internal set; }

    public DateTimeOffset? StoppedOn { get; internal set; }

    public DateTimeOffset? ModifiedOn { get; internal set; }

    public string? Branch { get; internal set; }

    public string? CommitHash { get; internal set; }

    public string? Author { get; internal set; }

    /// <summary>The Worker's tag (not its name), which Workers Builds calls external_script_id.</summary>
    public string? ExternalScriptId { get; internal set; }

    public string? TriggerName { get; internal set; }
}
