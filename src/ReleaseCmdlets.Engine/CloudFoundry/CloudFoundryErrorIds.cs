namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>The error ids of Cloud Foundry's own findings and of the cf CLI's configuration it reads.</summary>
public static class CloudFoundryErrorIds
{
    public const string AppNotFound = "AppNotFound";
    public const string AmbiguousAppName = "AmbiguousAppName";
    public const string NameMismatch = "NameMismatch";
    public const string NoActiveDeployment = "NoActiveDeployment";
    public const string InvalidCliConfig = "InvalidCliConfig";
    public const string CliConfigBusy = "CliConfigBusy";
    public const string CliConfigAccessDenied = "CliConfigAccessDenied";
    public const string CliConfigUnavailable = "CliConfigUnavailable";
}
