using System.Management.Automation;
using Microsoft.Extensions.Time.Testing;
using ReleaseCmdlets.Commands;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>The CI systems' rules as their own code reads them: detection, escaping, status lines, summary text.</summary>
public class CiTests
{
    private const string Awkward = "50% done: a, b\r\nnext line %0A %25 ;] ##vso[x] ::y::";

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", typeof(GitHubActions))]
    [InlineData("GITHUB_ACTIONS", "True", typeof(GitHubActions))]
    [InlineData("TF_BUILD", "True", typeof(AzurePipelines))]
    [InlineData("TF_BUILD", "true", typeof(AzurePipelines))]
    public void Each_system_is_detected_by_its_own_variable(string variable, string value, Type expected)
    {
        Assert.IsType(expected, CiSystem.Detect(name => name == variable ? value : null));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("false")]
    [InlineData("0")]
    public void The_switch_variable_turns_it_off(string setting)
    {
        Assert.Null(CiSystem.Detect(name => name switch { "GITHUB_ACTIONS" => "true", "TF_BUILD" => "True", CiSystem.SwitchVariable => setting, _ => null }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("1")]
    public void Nothing_is_detected_elsewhere(string? value)
    {
        Assert.Null(CiSystem.Detect(name => name is "GITHUB_ACTIONS" or "TF_BUILD" ? value : null));
    }

    [Fact]
    public void A_GitHub_annotation_round_trips_through_the_runners_unescaping()
    {
        string line = new GitHubActions(_ => null).Annotation(isError: true, "Stop-CfBuild", "Build:Stopped,x", Awkward);

        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("::error title=Stop-CfBuild%3A Build%3AStopped%2Cx::", line);
        (string command, Dictionary<string, string> properties, string data) = GitHubRunner.Parse(line);
        Assert.Equal("error", command);
        Assert.Equal("Stop-CfBuild: Build:Stopped,x", properties["title"]);
        Assert.Equal(Awkward, data);
    }

    [Fact]
    public void An_Azure_issue_round_trips_through_the_agents_unescaping()
    {
        string line = new AzurePipelines(_ => null).Annotation(isError: false, "Stop-CfBuild", "Id;with]odd%", Awkward);

        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        (string command, Dictionary<string, string> properties, string data) = AzureAgent.Parse(line);
        Assert.Equal("task.logissue", command);
        Assert.Equal("warning", properties["type"]);
        Assert.Equal("Id;with]odd%", properties["code"]);
        Assert.Equal("Stop-CfBuild: " + Awkward, data);
    }

    [Fact]
    public void A_wait_is_a_status_line_at_most_every_ten_seconds_per_activity()
    {
        var clock = new FakeTimeProvider();
        var lines = new StatusLines(clock.GetUtcNow);
        var written = new List<string>();
        for (int second = 0; second <= 30; second += 3)
        {
            if (lines.LineFor(new ProgressRecord(1, "Waiting for deployment d", $"ROLLING_BACK, {second} s")) is string line)
            {
                written.Add(line);
            }

            if (lines.LineFor(new ProgressRecord(2, "Waiting for deployment e", $"ROLLING_BACK, {second} s")) is string other)
            {
                written.Add(other);
            }

            clock.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(
            new[]
            {
                "Waiting for deployment d: ROLLING_BACK, 0 s", "Waiting for deployment e: ROLLING_BACK, 0 s",
                "Waiting for deployment d: ROLLING_BACK, 12 s", "Waiting for deployment e: ROLLING_BACK, 12 s",
                "Waiting for deployment d: ROLLING_BACK, 24 s", "Waiting for deployment e: ROLLING_BACK, 24 s",
            },
            written);
        Assert.Null(lines.LineFor(new ProgressRecord(1, "Waiting for deployment d", "Done") { RecordType = ProgressRecordType.Completed }));
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("<img src=x>", "\\<img src\\=x\\>")]
    [InlineData("[link](http://x) *b* _i_ `c`", "\\[link\\]\\(http\\:\\/\\/x\\) \\*b\\* \\_i\\_ \\`c\\`")]
    [InlineData("caf\u00e9 \uFF03", "caf\u00e9 \uFF03")]
    public void Summary_text_is_text_in_Markdown(string text, string expected)
    {
        Assert.Equal(expected, StepSummary.Escape(text));
    }

    [Fact]
    public void The_summary_counts_every_input_and_shows_at_most_its_row_limit()
    {
        var summary = new StepSummary("Stop-CfBuild") { Reason = "incident 7" };
        for (int i = 0; i < StepSummary.MaximumRows + 5; i++)
        {
            summary.Failed($"build {i}", "Cloudflare", i, null, "NotFound");
        }

        string markdown = summary.ToMarkdown(text => text ?? "");

        Assert.Contains("505 asked: 0 cancelled, 0 already final, 505 failed.", markdown);
        Assert.Contains("Reason: incident 7", markdown);
        Assert.Contains("500 of 505 rows shown.", markdown);
        Assert.Equal(StepSummary.MaximumRows + 2, markdown.Split('\n').Count(line => line.StartsWith("| ", StringComparison.Ordinal)));
    }

    /// <summary>actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2 with its unescaping.</summary>
    private static class GitHubRunner
    {
        public static (string, Dictionary<string, string>, string) Parse(string line)
        {
            string message = line.TrimStart();
            Assert.StartsWith("::", message);
            int end = message.IndexOf("::", 2, StringComparison.Ordinal);
            string info = message.Substring(2, end - 2);
            int space = info.IndexOf(' ');
            var properties = new Dictionary<string, string>();
            if (space > 0)
            {
                foreach (string property in info.Substring(space + 1).Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] pair = property.Split('=', 2, StringSplitOptions.RemoveEmptyEntries);
                    properties[pair[0]] = pair[1].Replace("%0D", "\r").Replace("%0A", "\n").Replace("%3A", ":").Replace("%2C", ",").Replace("%25", "%");
                }
            }

            string data = message.Substring(end + 2).Replace("%0D", "\r").Replace("%0A", "\n").Replace("%25", "%");
            return (space < 0 ? info : info.Substring(0, space), properties, data);
        }
    }

    /// <summary>
    /// The Azure Pipelines agent: the command between "##vso[" and the first ']', properties split at ';', each value and
    /// the message unescaped (Agent.Sdk CommandStringConvertor.Unescape, with percent decoding on).
    /// </summary>
    private static class AzureAgent
    {
        public static (string, Dictionary<string, string>, string) Parse(string line)
        {
            int prefix = line.IndexOf("##vso[", StringComparison.Ordinal);
            Assert.Equal(0, prefix);
            int close = line.IndexOf(']', prefix);
            string info = line.Substring(prefix + 6, close - prefix - 6);
            int space = info.IndexOf(' ');
            var properties = new Dictionary<string, string>();
            foreach (string property in info.Substring(space + 1).Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] pair = property.Split('=', 2);
                properties[pair[0]] = Unescape(pair[1]);
            }

            return (info.Substring(0, space), properties, Unescape(line.Substring(close + 1)));
        }

        private static string Unescape(string text) =>
            text.Replace("%3B", ";").Replace("%0D", "\r").Replace("%0A", "\n").Replace("%5D", "]").Replace("%AZP25", "%");
    }
}
