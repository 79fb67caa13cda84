namespace ReleaseCmdlets.Commands;

/// <summary>What PowerShell shows when it prompts for a missing mandatory parameter ("!?" at the prompt).</summary>
internal static class HelpMessages
{
    public const string ReleaseId = "The id of the BuildMaster release (a whole number); for a release number, use -ReleaseNumber with an application.";

    public const string ReleaseNumber = "The release number, such as 1.2, of a release of the application given by -ApplicationName or -ApplicationId.";

    public const string ApplicationId = "The id (a whole number) of the BuildMaster application.";

    public const string ApplicationName = "The name of the BuildMaster application.";

    public const string ReleaseName = "The release name (not unique in BuildMaster).";

    public const string InputObject = "An object written by this module for the same service.";

    public const string AnyInputObject = "An object written by this module's Get or Stop cmdlets, of any of its services.";

    public const string DeploymentGuid = "The guid of the Cloud Foundry deployment.";

    public const string AppGuid = "The guid of the Cloud Foundry app whose latest ACTIVE deployment is cancelled.";

    public const string AppName = "The name of the Cloud Foundry app whose latest ACTIVE deployment is cancelled.";

    public const string ListedAppGuid = "The guid of the Cloud Foundry app whose deployments are listed.";

    public const string ListedAppName = "The name of the Cloud Foundry app whose deployments are listed.";

    public const string ListedWorkerName = "The name of the Cloudflare Worker whose builds are listed.";

    public const string BuildUuid = "The uuid of the Cloudflare Workers build.";

    public const string WorkerName = "The name of the Cloudflare Worker whose running builds are cancelled.";

    public const string ModelId = "The id of the Baseten model, such as abc123xy.";

    public const string ModelName = "The name of the Baseten model.";
}
