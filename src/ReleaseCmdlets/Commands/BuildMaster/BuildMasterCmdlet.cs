using System.Security;
using ReleaseCmdlets.Engine.BuildMaster;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What both BuildMaster cmdlets share: the server and key (-Url/-ApiKey, else BUILDMASTER_URL/BUILDMASTER_API_KEY),
/// the client made from them, and what a refused key needs.
/// </summary>
public abstract class BuildMasterCmdlet : ServiceCmdlet
{
    public const string UrlVariable = "BUILDMASTER_URL";
    public const string ApiKeyVariable = "BUILDMASTER_API_KEY";

    /// <summary>The BuildMaster server, e.g. https://buildmaster.example.com; default $env:BUILDMASTER_URL.</summary>
    [Parameter]
    public string? Url { get; set; }

    /// <summary>An API key with the "Release &amp; Build Deployment" permission; default $env:BUILDMASTER_API_KEY.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    private protected BuildMasterClient Client { get; private set; } = null!;

    private protected override Uri ServiceBaseUrl => Client.BaseUrl;

    private protected override string Provider => "BuildMaster";

    protected override string PermissionAdvice => KeyAdvice;

    /// <summary>What the credential must be allowed to cancel (said on a 403, here and in Stop-InFlightRelease).</summary>
    internal const string KeyAdvice = "Use a BuildMaster API key with the \"Release & Build Deployment\" permission (not a Native API key).";

    protected override void Connect()
    {
        var baseUrl = Connection.Url(Url, "Url", UrlVariable);
        var key = Connection.Secret(ApiKey, "ApiKey", ApiKeyVariable);
        Connection.RequireSafeTransport(baseUrl);
        Client = new BuildMasterClient(baseUrl, key, Connection.RequestSettings);
        if (Arguments.Bound(nameof(ApiKey)))
        {
            RememberGiven(Provider, baseUrl, key);
        }
    }

    /// <summary>What PowerShell shows when it prompts for a missing mandatory parameter of the service's cmdlets ("!?").</summary>
    internal static class Help
    {
        public const string ReleaseId = "The id of the BuildMaster release (a whole number); for a release number, use -ReleaseNumber with an application.";

        public const string ReleaseNumber = "The release number, such as 1.2, of a release of the application given by -ApplicationName or -ApplicationId.";

        public const string ApplicationId = "The id (a whole number) of the BuildMaster application.";

        public const string ApplicationName = "The name of the BuildMaster application.";

        public const string ReleaseName = "The release name (not unique in BuildMaster).";
    }
}
