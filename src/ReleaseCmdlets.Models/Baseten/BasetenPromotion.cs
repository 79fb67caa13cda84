namespace ReleaseCmdlets.Baseten;

/// <summary>
/// The outcome of cancelling a Baseten promotion: <c>CANCELED</c>, or <c>RAMPING_DOWN</c> while a rolling promotion
/// still unwinds (not final). <c>Id</c> is <c>modelId/environment</c>.
/// </summary>
public sealed class BasetenPromotion : ReleaseInfo
{
    internal BasetenPromotion()
    {
    }

    public override string Provider => "Baseten";

    public string ModelId { get; internal set; } = "";

    public string Environment { get; internal set; } = "";

    /// <summary>Baseten's own words about the cancel.</summary>
    public string? Message { get; internal set; }

    /// <summary>After -Immediate: the deployment the environment serves now (the rollback target).</summary>
    public string? CurrentDeploymentId { get; internal set; }

    public string? CurrentDeploymentStatus { get; internal set; }

    internal override void ScrubServiceText(System.Func<string, string> scrub)
    {
        if (Message is not null)
        {
            Message = scrub(Message);
        }
    }
}
