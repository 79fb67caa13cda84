using System.Text;
using ReleaseCmdlets.Engine.CloudFoundry;

namespace ReleaseCmdlets.Tests.Json;

/// <summary>Where the cf CLI's config is, read exactly as the cf CLI reads it, and when its access token needs renewing.</summary>
public class CfCliSessionTests
{
    [Theory]
    [InlineData(true, "C:\\cfhome", "C:", "\\Users\\ann", "C:\\Users\\ann-profile", "/home/ann", "C:\\cfhome")]
    [InlineData(true, null, "C:", "\\Users\\ann", "C:\\Users\\ann-profile", "/home/ann", "C:\\Users\\ann")]
    [InlineData(true, null, null, null, "C:\\Users\\ann-profile", "/home/ann", "C:\\Users\\ann-profile")]
    [InlineData(true, "", "D:", "\\ann", null, "/c/Users/git-bash-home", "D:\\ann")]
    [InlineData(false, "/srv/cf", null, null, null, "/home/ann", "/srv/cf")]
    [InlineData(false, null, "C:", "\\Users\\ann", "C:\\Users\\ann", "/home/ann", "/home/ann")]
    public void Finds_the_config_where_the_cf_CLI_does(bool windows, string? cfHome, string? homeDrive, string? homePath, string? userProfile, string? home, string expectedHome)
    {
        var environment = new Dictionary<string, string?>
        {
            ["CF_HOME"] = cfHome, ["HOMEDRIVE"] = homeDrive, ["HOMEPATH"] = homePath, ["USERPROFILE"] = userProfile, ["HOME"] = home,
        };

        string path = CfCliConfig.PathFor(name => environment.GetValueOrDefault(name), windows);

        Assert.Equal(Path.Combine(expectedHome, ".cf", "config.json"), path);
    }

    [Fact]
    public void Reads_the_expiry_of_a_jwt_with_or_without_the_bearer_prefix()
    {
        var expires = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        string token = Jwt($$"""{"jti":"x","exp":{{expires.ToUnixTimeSeconds()}},"user_name":"ann"}""");

        Assert.Equal(expires, AccessTokenClaims.Of(token));
        Assert.Equal(expires, AccessTokenClaims.Of("bearer " + token));
        Assert.True(AccessTokenClaims.IsExpiring(token, expires.AddSeconds(-59)));
        Assert.False(AccessTokenClaims.IsExpiring(token, expires.AddSeconds(-61)));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public void A_token_that_is_no_jwt_has_no_expiry_and_is_renewed_as_the_cf_CLI_renews_it(string token)
    {
        Assert.Null(AccessTokenClaims.Of(token));
        Assert.True(AccessTokenClaims.IsExpiring(token, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void A_jwt_without_exp_has_no_expiry_and_is_renewed()
    {
        string token = Jwt("""{"user_name":"ann"}""");
        Assert.Null(AccessTokenClaims.Of(token));
        Assert.True(AccessTokenClaims.IsExpiring(token, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("web", "web")]
    [InlineData("a,b", "a%252Cb")]
    [InlineData("my app", "my%20app")]
    public void Names_in_a_filter_are_encoded_as_the_cf_CLI_encodes_them(string name, string expected)
    {
        Assert.Equal(expected, CloudFoundryClient.NameFilter(name));
    }

    private static string Jwt(string claims)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"RS256"}""")}.{Part(claims)}.c2ln";
    }
}
