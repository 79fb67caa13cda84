using System.Collections.Generic;
namespace ReleaseCmdlets.Baseten;

/// <summary>
/// The outcome of cancelling a Baseten promotion: <c>CANCELED</c>, or <c>RAMPING_DOWN</c> while a rolling promotion
/// still unwinds (not final), or, read from the environment, the status of its in_progress_promotion (RELEASING,
/// RAMPING_UP, RAMPING_DOWN, PAUSED, SUCCEEDED, FAILED, CANCELED). <c>Id</c> is <c>modelId/environment</c>.
/// </summary>
public sealed class BasetenPromotion : ReleaseInfo
{
    internal BasetenPromotion()
    {
    }

    public override string Provider => "Baseten";

    internal override string StopCommand => "Stop-BasetenPromotion";

    /// <summary>The model's name, and the environment under the model's id and name (-Environment completes per model).</summary>
    internal override IEnumerable<KeyValuePair<string, string?>> CompletionNames => new[]
    {
        new KeyValuePair<string, string?>("ModelName", Model),
        new KeyValuePair<string, string?>("Environment:" + ModelId, Environment),
        new KeyValuePair<string, string?>("Environment:" + Model, Model is null ? null : Environment),
    };

    public string ModelId { get; internal set; } = "";

    /// <summary>
    /// The model's name, when it was named (-ModelName). Not named ModelName, which a piped record would bind to
    /// -ModelName beside its ModelId.
    /// </summary>
    public string? Model { get; internal set; }

    public string Environment { get; internal set; } = "";

    /// <summary>Baseten's own words about the cancel.</summary>
    public string? Message { get; internal set; }

    /// <summary>Once the environment was read (-Immediate, -Wait): the deployment it serves (during a promotion, the previous one).</summary>
    public string? CurrentDeploymentId { get; internal set; }

    public string? CurrentDeploymentStatus { get; internal set; }

    /// <summary>Once the environment was read: the deployment being promoted (candidate_deployment).</summary>
    public string? CandidateDeploymentId { get; internal set; }

    /// <summary>While a promotion is in progress: the share of traffic on the candidate (percent_traffic_to_new_version).</summary>
    public int? PercentTrafficToNewVersion { get; internal set; }

    internal override string Progress =>
        PercentTrafficToNewVersion is int percent ? $"{Status}, {percent} % of traffic on the new deployment" : base.Progress;

    internal override void ScrubServiceText(System.Func<string, string> scrub)
    {
        if (Message is not null)
        {
            Message = scrub(Message);
        }
    }
}
