namespace ReleaseCmdlets.Baseten;

/// <summary>Builds the output type; <c>Id</c> is <c>modelId/environment</c> and only <c>CANCELED</c> is final.</summary>
internal static class BasetenPromotionMapping
{
    public static BasetenPromotion Promotion(string modelId, string environment, string? status, string? message, DeploymentDto? currentDeployment = null) =>
        new()
        {
            ModelId = modelId,
            Environment = environment,
            Message = message,
            CurrentDeploymentId = currentDeployment?.Id,
            CurrentDeploymentStatus = currentDeployment?.Status,
            Id = $"{modelId}/{environment}",
            Name = environment,
            Status = status,
            IsFinal = status == "CANCELED",
        };
}
