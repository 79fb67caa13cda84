using ReleaseCmdlets.Baseten;

namespace ReleaseCmdlets.Engine.Baseten;

/// <summary>Builds the output type; <c>Id</c> is <c>modelId/environment</c>.</summary>
internal static class BasetenPromotionMapping
{
    /// <summary>InProgressPromotionV1 statuses after which the promotion changes no more.</summary>
    private static readonly string[] Ended = { "CANCELED", "FAILED", "SUCCEEDED" };

    public static BasetenPromotion Promotion(string modelId, string environment, string? status, string? message) =>
        new()
        {
            ModelId = modelId,
            Environment = environment,
            Message = message,
            Id = $"{modelId}/{environment}",
            Name = environment,
            Status = status,
            IsFinal = status == "CANCELED",
        };

    /// <summary>
    /// The promotion as an environment shows it when nothing was cancelled (Get-BasetenPromotion): the status of its
    /// in_progress_promotion, or, without one, no status at all (nothing in progress, so nothing changes: final).
    /// </summary>
    public static BasetenPromotion Observed(string modelId, string environment, EnvironmentDto read)
    {
        if (read.InProgressPromotion is not null)
        {
            return FromEnvironment(modelId, environment, read, null);
        }

        BasetenPromotion idle = Promotion(modelId, environment, null, $"No promotion in progress: {environment} serves deployment {read.CurrentDeployment?.Id} ({read.CurrentDeployment?.Status}).");
        idle.IsFinal = true;
        idle.CurrentDeploymentId = read.CurrentDeployment?.Id;
        idle.CurrentDeploymentStatus = read.CurrentDeployment?.Status;
        return idle;
    }

    /// <summary>
    /// The promotion as an environment (EnvironmentV1) shows it after a cancel. With <c>in_progress_promotion</c> its
    /// status and traffic; without one the promotion is over: CANCELED, unless the environment now serves the candidate
    /// seen before (<paramref name="candidateSeen"/>), which means it completed before the cancel took effect (SUCCEEDED).
    /// </summary>
    public static BasetenPromotion FromEnvironment(string modelId, string environment, EnvironmentDto read, string? candidateSeen)
    {
        DeploymentDto? serving = read.CurrentDeployment;
        string? candidate = read.CandidateDeployment?.Id ?? candidateSeen;
        BasetenPromotion promotion;
        if (read.InProgressPromotion is { } inProgress)
        {
            string status = inProgress.Status ?? "UNKNOWN";
            string traffic = inProgress.PercentTrafficToNewVersion is int percent ? $"{percent} % of traffic on the new deployment" : "traffic not reported";
            string failure = string.IsNullOrEmpty(inProgress.ErrorMessage) ? "" : $" {inProgress.ErrorMessage}";
            promotion = Promotion(modelId, environment, status, $"Promotion to {environment} is {status}, {traffic}.{failure}");
            promotion.IsFinal = Array.IndexOf(Ended, status) >= 0;
            promotion.PercentTrafficToNewVersion = inProgress.PercentTrafficToNewVersion;
        }
        else if (candidate is not null && serving?.Id == candidate)
        {
            promotion = Promotion(modelId, environment, "SUCCEEDED", $"The promotion completed before the cancel took effect: {environment} serves the new deployment {candidate}.");
            promotion.IsFinal = true;
        }
        else
        {
            promotion = Promotion(modelId, environment, "CANCELED", $"No promotion in progress: {environment} serves deployment {serving?.Id} ({serving?.Status}).");
        }

        promotion.CurrentDeploymentId = serving?.Id;
        promotion.CurrentDeploymentStatus = serving?.Status;
        promotion.CandidateDeploymentId = candidate;
        return promotion;
    }
}
