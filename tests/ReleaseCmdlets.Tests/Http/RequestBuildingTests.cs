using ReleaseCmdlets.Engine.BuildMaster;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Tests.Http;

public class RequestBuildingTests
{
    [Fact]
    public void A_query_sends_only_the_keys_that_are_set()
    {
        var keys = new ReleaseQuery { ApplicationName = "HDars", Status = "active" }.ToKeys();

        Assert.Equal(new Dictionary<string, string> { ["applicationName"] = "HDars", ["status"] = "active" }, keys);
    }

    [Fact]
    public void A_selector_by_id_never_carries_an_application()
    {
        var keys = ReleaseSelector.ById(42).ToQuery().ToKeys();

        Assert.Equal(new Dictionary<string, string> { ["releaseId"] = "42" }, keys);
    }

    [Fact]
    public void A_selector_by_number_carries_exactly_one_application_key()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["releaseNumber"] = "1.2", ["applicationId"] = "3" },
            ReleaseSelector.ByNumber("1.2", 3).ToQuery().ToKeys());
        Assert.Equal(
            new Dictionary<string, string> { ["releaseNumber"] = "1.2", ["applicationName"] = "HDars" },
            ReleaseSelector.ByNumber("1.2", "HDars").ToQuery().ToKeys());
    }

    [Fact]
    public void A_selector_by_number_refuses_empty_values()
    {
        Assert.Throws<ArgumentException>(() => ReleaseSelector.ByNumber("", "HDars"));
        Assert.Throws<ArgumentException>(() => ReleaseSelector.ByNumber("1.2", ""));
    }

    [Theory]
    [InlineData("https://user:pa55word@bm.example.com/api/releases", "https://bm.example.com/api/releases")]
    [InlineData("https://bm.example.com/api/releases?key=abcdef&x=1", "https://bm.example.com/api/releases?key=********&x=1")]
    [InlineData("https://api.example.org/v3/deployments?app_guids=a", "https://api.example.org/v3/deployments?app_guids=a")]
    public void Urls_are_printed_without_credentials(string url, string expected)
    {
        Assert.Equal(expected, Redactor.Url(new Uri(url)));
    }

    [Fact]
    public void Scrub_replaces_every_occurrence_of_every_secret()
    {
        string text = Redactor.Scrub("token abc123 then abc123 and key zzz999", new[] { "abc123", "zzz999" });

        Assert.Equal("token ******** then ******** and key ********", text);
    }

    [Fact]
    public void A_secret_never_shows_in_ToString()
    {
        var secret = Secret.FromPlainText("hunter2-secret");

        Assert.Equal("********", secret.ToString());
        Assert.Equal("hunter2-secret", secret.Reveal());
    }
}
