namespace ReleaseCmdlets.Baseten;

/// <summary>
/// The outcome of cancelling a Baseten promotion: <c>CANCELED</c>, or <c>RAMPING_DOWN</c> while a rolling promotion
/// still unwinds (not final). <c>Id</c> is <c>modelId/environment</c>.
/// </summary>
public sealed class BasetenPromotion : ReleaseInfo
{
    internal BasetenPromotion(string modelId, string environment, string? status, string? message, DeploymentDto? currentDeployment = null)
    {
        ModelId = modelId;
        Environment = environment;
        Message = message;
        CurrentDeploymentId = currentDeployment?.Id;
        CurrentDeploymentStatus = currentDeployment?.Status;

        Id = $"{modelId}/{environment}";
        Name = environment;
        Status = status;
        IsFinal = status == "CANCELED";
    }

    public override string Provider => "Baseten";

    public string ModelId { get; }

    public string Environment { get; }

    /// <summary>Baseten's own words about the cancel.</summary>
    public string? Message { get; }

    /// <summary>After -Immediate: the deployment the environment serves now (the rollback target).</summary>
    public string? CurrentDeploymentId { get; }

    public string? CurrentDeploymentStatus { get; }
}
