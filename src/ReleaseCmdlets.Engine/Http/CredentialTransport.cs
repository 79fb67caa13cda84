using System.Net;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The one rule for where a credential may travel: never over plain http:// to a host other than this machine, unless
/// the user allowed it (-AllowUnencryptedAuthentication). It holds for every host a credential is sent to, the service's
/// API and the cf CLI's UAA alike.
/// </summary>
public static class CredentialTransport
{
    public static bool Refuses(Uri url, bool allowUnencrypted) =>
        url.Scheme == Uri.UriSchemeHttp && !allowUnencrypted && !IsLoopback(url);

    public static string Refusal(Uri url, string what = "a credential") =>
        $"Refusing to send {what} over unencrypted http:// to {url.Host}. Use https://, or pass -AllowUnencryptedAuthentication if you accept the risk.";

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
}
