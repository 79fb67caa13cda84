using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>What a service's text may become on its way into a message: secrets masked before any cut, controls visible, waits bounded.</summary>
public class ServiceTextTests
{
    private const string Key = "bm-key-0123456789abcdef";

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(22)]
    public void A_secret_cut_off_at_the_end_is_masked(int kept)
    {
        string text = Redactor.ScrubCut("error: " + Key.Substring(0, kept), new[] { Key });

        Assert.Equal("error: " + Redactor.Mask, text);
    }

    [Fact]
    public void Whole_secrets_are_masked_and_other_text_kept()
    {
        Assert.Equal($"a {Redactor.Mask} b bm-", Redactor.ScrubCut($"a {Key} b bm-", new[] { Key }));
    }

    [Theory]
    [InlineData("\u001b[2J", "\u241b[2J")]
    [InlineData("a\r\nb", "a\u240d\u240ab")]
    [InlineData("bell\u0007", "bell\u2407")]
    [InlineData("del\u007f", "del\u2421")]
    [InlineData("nel\u0085sep\u2028par\u2029", "nel[U+0085]sep[U+2028]par[U+2029]")]
    [InlineData("plain text, caf\u00e9", "plain text, caf\u00e9")]
    [InlineData("web\u00a0app", "web[U+00A0]app")]
    [InlineData("web\u200bapp\u2060", "web[U+200B]app[U+2060]")]
    [InlineData("\u202egnp.exe", "[U+202E]gnp.exe")]
    [InlineData("soft\u00adhyphen\ufeff", "soft[U+00AD]hyphen[U+FEFF]")]
    public void Control_characters_become_visible(string text, string expected)
    {
        Assert.Equal(expected, VisibleText.Of(text));
    }

    [Fact]
    public void A_long_name_is_shortened_with_its_length()
    {
        string name = new('n', 200_000);

        string shown = VisibleText.Of($"No app named '{name}' in space dev.");

        Assert.Equal($"No app named '{new string('n', 99)}… (200,002 characters) in space dev.", shown);
        Assert.Equal("a 200-character run stays: " + new string('x', VisibleText.LongestRun), VisibleText.Of("a 200-character run stays: " + new string('x', VisibleText.LongestRun)));
    }

    [Theory]
    [InlineData("x ##vso[task.setvariable variable=PATH]/tmp/evil", "x \uFF03#vso[task.setvariable variable=PATH]/tmp/evil")]
    [InlineData("##VSO[task.prependpath]/tmp", "\uFF03#VSO[task.prependpath]/tmp")]
    [InlineData("  ::add-mask::secret", "  \uFF1A:add-mask::secret")]
    [InlineData("::stop-commands::t\n::error::x", "\uFF1A:stop-commands::t\u240a::error::x")]
    [InlineData("##[error]forged", "\uFF03#[error]forged")]
    [InlineData("name x ##[add-mask]s ##[stop-commands]t", "name x \uFF03#[add-mask]s \uFF03#[stop-commands]t")]
    [InlineData("a::b ## c #vso[ ok", "a::b ## c #vso[ ok")]
    public void Text_a_CI_system_would_run_as_a_command_is_made_inert(string text, string expected)
    {
        Assert.Equal(expected, VisibleText.Of(text));
    }

    [Theory]
    [InlineData(1e30)]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    public void An_absurd_asked_wait_is_the_longest_not_an_overflow(double seconds)
    {
        Assert.Equal(RetryDelay.LongestAsked, RetryDelay.Asked(seconds));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void What_is_not_a_wait_is_none(double seconds)
    {
        Assert.Null(RetryDelay.Asked(seconds));
    }
}
