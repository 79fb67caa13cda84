using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace ReleaseCmdlets.Simulator;

/// <summary>
/// UAA's token endpoint as the cf CLI uses it to renew a session (api/uaa/refresh_token.go): POST /oauth/token with
/// grant_type=refresh_token and the "cf" client as Basic auth with an empty secret, or grant_type=client_credentials
/// with a client's id and secret in the form (no refresh token in the answer, as UAA does for that grant). It answers
/// at /oauth/token and at /login/oauth/token, so a test can give the config an AuthorizationEndpoint ({url}/login)
/// apart from its UaaEndpoint. It issues JWT access tokens with an exp claim, and Cloud Controller accepts only access
/// tokens it issued that are neither expired nor revoked. Refresh tokens are reusable (UAA's default, non-rotating).
/// Its error body repeats the refresh token, as UAA's error_description can.
/// </summary>
public sealed partial class UaaFake
{
    public const string ClientBasic = "Basic Y2Y6"; // "cf:" — the cf CLI's client with its empty secret
    public const string CiClient = "ci-client";
    public const string CiClientSecret = "ci-client-secret-8Jd";

    private readonly ConcurrentDictionary<string, DateTimeOffset> accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> refreshTokens = new();
    private readonly TimeProvider clock;
    private int issued;

    public UaaFake(TimeProvider clock) => this.clock = clock;

    /// <summary>How long an access token issued by a refresh lives (cf-deployment's access-token-validity: 1200).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(1200);

    /// <summary>How long the token endpoint takes (to let two refreshes overlap).</summary>
    public TimeSpan Delay { get; set; }

    public int Refreshes => Volatile.Read(ref issued);

    public void Reset()
    {
        accessTokens.Clear();
        refreshTokens.Clear();
        AccessTokenLifetime = TimeSpan.FromSeconds(1200);
        Delay = TimeSpan.Zero;
        Interlocked.Exchange(ref issued, 0);
    }

    /// <summary>Whether Cloud Controller accepts this access token (without its "bearer " prefix).</summary>
    public bool Accepts(string accessToken) => accessTokens.TryGetValue(accessToken, out var expires) && expires > clock.GetUtcNow();

    /// <summary>A logged-in session as `cf login` leaves it: an access token expiring in the given time, and a refresh token.</summary>
    public object NewSession(int expiresInSeconds)
    {
        string refresh = $"uaa-refresh-{Guid.NewGuid():N}";
        refreshTokens[refresh] = true;
        return new { accessToken = "bearer " + Issue(TimeSpan.FromSeconds(expiresInSeconds), UserId), refreshToken = refresh };
    }

    /// <summary>A client login as `cf auth --client-credentials` leaves it: an access token, no refresh token.</summary>
    public object NewClientSession(int expiresInSeconds) => new { accessToken = "bearer " + Issue(TimeSpan.FromSeconds(expiresInSeconds), null, CiClient) };

    /// <summary>Cloud Controller stops accepting every access token issued so far (their exp still lies ahead).</summary>
    public void RevokeAccessTokens() => accessTokens.Clear();

    public void RevokeRefreshTokens() => refreshTokens.Clear();

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth/token", Token);
        app.MapPost("/login/oauth/token", Token);
    }

    private async Task Token(HttpContext context)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, clock);
        }

        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] == "client_credentials")
        {
            if (form["client_id"] != CiClient || form["client_secret"] != CiClientSecret)
            {
                await JsonAsync(context, 401, new { error = "unauthorized", error_description = "Bad credentials" });
                return;
            }

            Interlocked.Increment(ref issued);
            await JsonAsync(context, 200, new
            {
                access_token = Issue(AccessTokenLifetime, null, CiClient),
                token_type = "bearer",
                expires_in = (int)AccessTokenLifetime.TotalSeconds,
                scope = "cloud_controller.read cloud_controller.write",
                jti = Guid.NewGuid().ToString("N"),
            });
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != ClientBasic)
        {
            await JsonAsync(context, 401, new { error = "unauthorized", error_description = "Bad credentials" });
            return;
        }

        string refresh = form["refresh_token"].ToString();
        if (form["grant_type"] != "refresh_token" || !refreshTokens.ContainsKey(refresh))
        {
            await JsonAsync(context, 401, new { error = "invalid_token", error_description = $"Invalid refresh token (expired): {refresh}" });
            return;
        }

        Interlocked.Increment(ref issued);
        await JsonAsync(context, 200, new
        {
            access_token = Issue(AccessTokenLifetime, UserId),
            token_type = "bearer",
            refresh_token = refresh,
            expires_in = (int)AccessTokenLifetime.TotalSeconds,
            scope = "cloud_controller.read cloud_controller.write openid",
            jti = Guid.NewGuid().ToString("N"),
        });
    }

    /// <summary>The user of every user session (UAA's user_id claim): Cloud Controller counts its requests as one user's.</summary>
    public const string UserId = "5a1d0000-0000-4000-8000-00000000a11c";

    /// <summary>
    /// A JWT as UAA issues it: a user's token carries user_id (and the "cf" client), a client's token only its client_id;
    /// Cloud Controller takes user_id, else client_id, as whom it counts (security_context_configurer.rb).
    /// </summary>
    private string Issue(TimeSpan lifetime, string? userId, string clientId = "cf")
    {
        DateTimeOffset expires = clock.GetUtcNow() + lifetime;
        string Part(object value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        object claims = userId is null
            ? new { jti = Guid.NewGuid().ToString("N"), client_id = clientId, exp = expires.ToUnixTimeSeconds() }
            : new { jti = Guid.NewGuid().ToString("N"), user_id = userId, user_name = "admin", client_id = clientId, exp = expires.ToUnixTimeSeconds() };
        string token = $"{Part(new { alg = "RS256", kid = "sim" })}.{Part(claims)}.c2ln";
        accessTokens[token] = expires;
        return token;
    }

    private static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
