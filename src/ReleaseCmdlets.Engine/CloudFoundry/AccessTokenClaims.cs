using System.Text;
using System.Text.Json;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// What a UAA access token (a JWT) says of itself, decoded, never verified: when it expires (the module only needs to
/// know when to refresh, as the cf CLI does in api/cloudcontroller/wrapper/uaa_authentication.go,
/// refreshTokenIfNecessary), and whose it is (whom Cloud Controller's rate limiter counts).
/// </summary>
public static class AccessTokenClaims
{
    /// <summary>Refresh when the token expires within this margin (the cf CLI's accessTokenExpirationMargin).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>The expiry of the token ("bearer " prefix or not); null when it is not a JWT with an exp claim.</summary>
    public static DateTimeOffset? Of(string token) =>
        Claims(token)?.Expires is long seconds && seconds > 0 && seconds < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>
    /// Whom Cloud Controller counts a request of this Authorization header against: the token's user_id, else its
    /// client_id (cf.user_guid); the header itself when it is not such a token.
    /// </summary>
    public static string CountedAs(string? authorization)
    {
        if (authorization is null)
        {
            return "";
        }

        JwtClaimsDto? claims = Claims(authorization);
        return claims?.UserId is { Length: > 0 } user ? "user:" + user
            : claims?.ClientId is { Length: > 0 } client ? "client:" + client
            : authorization;
    }

    private static JwtClaimsDto? Claims(string token)
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
            return JsonSerializer.Deserialize(Encoding.UTF8.GetString(Convert.FromBase64String(payload)), CloudFoundryJsonContext.Default.JwtClaimsDto);
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
