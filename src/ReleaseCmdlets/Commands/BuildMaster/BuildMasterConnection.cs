using System.Security;
using ReleaseCmdlets.Engine.BuildMaster;

namespace ReleaseCmdlets.Commands;

/// <summary>How both BuildMaster cmdlets find their server and key: -Url/-ApiKey, else BUILDMASTER_URL/BUILDMASTER_API_KEY.</summary>
internal static class BuildMasterConnection
{
    public const string UrlVariable = "BUILDMASTER_URL";
    public const string ApiKeyVariable = "BUILDMASTER_API_KEY";

    public static BuildMasterClient Connect(ServiceCmdlet cmdlet, string? url, SecureString? apiKey)
    {
        var baseUrl = cmdlet.ResolveUrl(url, "Url", UrlVariable);
        var key = cmdlet.ResolveSecret(apiKey, "ApiKey", ApiKeyVariable);
        cmdlet.RequireSafeTransport(baseUrl);
        return new BuildMasterClient(baseUrl, key, cmdlet.CreateRequestSettings());
    }
}
