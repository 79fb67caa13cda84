using System.Security;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>How both Baseten cmdlets find their API and key: -Url (default https://api.baseten.co), -ApiKey, else BASETEN_API_KEY.</summary>
internal static class BasetenConnection
{
    public const string ApiKeyVariable = "BASETEN_API_KEY";

    public static BasetenClient Connect(ServiceCmdlet cmdlet, string? url, SecureString? apiKey)
    {
        Uri baseUrl = cmdlet.ResolveUrl(url, "Url", null, BasetenClient.DefaultUrl.AbsoluteUri);
        var key = cmdlet.ResolveSecret(apiKey, "ApiKey", ApiKeyVariable);
        cmdlet.RequireSafeTransport(baseUrl);
        return new BasetenClient(baseUrl, key, cmdlet.CreateRequestSettings());
    }
}
