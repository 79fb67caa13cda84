namespace ReleaseCmdlets.Engine.Baseten;

/// <summary>The error ids of Baseten's own findings.</summary>
public static class BasetenErrorIds
{
    public const string ModelNotFound = "ModelNotFound";
    public const string AmbiguousModelName = "AmbiguousModelName";
    public const string NoPromotionInProgress = "NoPromotionInProgress";
    public const string ForceCancelRefused = "ForceCancelRefused";
}
