namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>The error ids of Cloudflare's own findings and of its credential rules.</summary>
public static class CloudflareErrorIds
{
    public const string BuildAlreadyStopped = "BuildAlreadyStopped";
    public const string WorkerNotFound = "WorkerNotFound";
    public const string NoBuildInProgress = "NoBuildInProgress";
    public const string MissingAccountId = "MissingAccountId";
    public const string CredentialConflict = "CredentialConflict";
}
