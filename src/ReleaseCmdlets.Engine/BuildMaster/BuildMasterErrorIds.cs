namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>The error ids of BuildMaster's own findings (the shared ones are in ReleaseCmdlets.Errors.ErrorIds).</summary>
public static class BuildMasterErrorIds
{
    public const string ReleaseNotFound = "ReleaseNotFound";
    public const string ReleaseAlreadyDeployed = "ReleaseAlreadyDeployed";
}
