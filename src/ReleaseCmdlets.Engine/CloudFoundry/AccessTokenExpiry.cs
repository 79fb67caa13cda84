using System.Text;
using System.Text.Json;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// When a UAA access token (a JWT) expires: its <c>exp</c> claim, decoded, never verified (the module only needs to
/// know when to refresh, as the cf CLI does in api/cloudcontroller/wrapper/uaa_authentication.go,
/// refreshTokenIfNecessary).
/// </summary>
public static class AccessTokenExpiry
{
    /// <summary>Refresh when the token expires within this margin (the cf CLI's accessTokenExpirationMargin).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>The expiry of the token ("bearer " prefix or not); null when it is not a JWT with an exp claim.</summary>
    public static DateTimeOffset? Of(string token)
    {
        string[] parts = BearerToken.WithoutPrefix(token).Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            string payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            var claims = JsonSerializer.Deserialize(Encoding.UTF8.GetString(Convert.FromBase64String(payload)), CloudFoundryJsonContext.Default.JwtClaimsDto);
            return claims?.Expires is long seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the token must be renewed before a request: it expires within <see cref="Margin"/> of
    /// <paramref name="now"/>, or it is not a JWT with an exp claim, whose expiry the cf CLI cannot see either and so
    /// renews (refreshTokenIfNecessary: a parse error or a missing exp leaves expiresIn at 0).
    /// </summary>
    public static bool IsExpiring(string token, DateTimeOffset now) => Of(token) is not DateTimeOffset expires || expires - now < Margin;
}
