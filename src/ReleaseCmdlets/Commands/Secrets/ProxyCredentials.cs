namespace ReleaseCmdlets.Commands;

/// <summary>
/// The credentials of the proxies that .NET takes from the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, in either
/// case): .NET names the proxy, user info included, in some of its failure messages, so they are scrubbed like any other.
/// </summary>
internal static class ProxyCredentials
{
    private static readonly string[] Variables = { "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy" };

    public static IEnumerable<string> FromEnvironment()
    {
        foreach (string variable in Variables)
        {
            string? value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            string text = value!.Trim();
            if (!Uri.TryCreate(text.Contains("://") ? text : "http://" + text, UriKind.Absolute, out Uri? proxy) || proxy.UserInfo.Length == 0)
            {
                continue;
            }

            string userInfo = proxy.UserInfo;
            int colon = userInfo.IndexOf(':');
            string password = colon < 0 ? "" : userInfo.Substring(colon + 1);
            foreach (string secret in new[] { userInfo, Uri.UnescapeDataString(userInfo), password, Uri.UnescapeDataString(password) })
            {
                if (secret.Length > 0)
                {
                    yield return secret;
                }
            }
        }
    }
}
