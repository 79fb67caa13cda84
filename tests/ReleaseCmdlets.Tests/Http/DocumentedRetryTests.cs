using System.Net;
using System.Text.RegularExpressions;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Tests.Loading;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>
/// The retried statuses that -MaximumRetryCount's help and the README's reliability table list are the ones the
/// policies retry, for every service registered (<see cref="ServiceRegistrations"/>): a status added to or removed from
/// a policy, or a service added, fails here until the words follow.
/// </summary>
public class DocumentedRetryTests
{
    public static TheoryData<string> ServiceNames => new(ServiceRegistrations.All.Select(service => service.Description.Name));

    private static RetryPolicy PolicyOf(string name) => ServiceRegistrations.All.Single(service => service.Description.Name == name).Description.Retries;

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void The_MaximumRetryCount_help_of_its_cmdlets_lists_what_the_policy_retries(string name)
    {
        // docs/Build-Help.ps1 puts each cmdlet's services' RetriedAnswers where the shared help says {RetriedAnswers}.
        string help = Section(File.ReadAllText(Path.Combine(DependencyResolverTests.RepoRoot(), "docs/help/_SharedParameters.md")), "### MaximumRetryCount");
        Assert.Contains("{RetriedAnswers}", help);

        ServiceRegistration service = ServiceRegistrations.All.Single(registered => registered.Description.Name == name);
        Assert.StartsWith(name + " ", service.RetriedAnswers);
        AssertSameStatuses(service.Description.Retries, service.RetriedAnswers, $"the help of -MaximumRetryCount for {name}");
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void The_README_table_lists_what_the_policy_retries(string name)
    {
        RetryPolicy policy = PolicyOf(name);
        // The rows of the table whose header is "| service | retried statuses |".
        string row = File.ReadAllLines(Path.Combine(DependencyResolverTests.RepoRoot(), "README.md"))
            .SkipWhile(line => !line.StartsWith("| service | retried statuses |", StringComparison.Ordinal))
            .TakeWhile(line => line.StartsWith("|", StringComparison.Ordinal))
            .Single(line => line.StartsWith($"| {name} |", StringComparison.Ordinal));
        AssertSameStatuses(policy, row.Split('|')[2], $"the README's retry table for {name}");
    }

    private static void AssertSameStatuses(RetryPolicy policy, string words, string where)
    {
        var listed = Regex.Matches(words, @"\b[45]\d\d\b").Select(m => int.Parse(m.Value)).ToHashSet();
        if (words.Contains("every 5xx"))
        {
            listed.UnionWith(Enumerable.Range(500, 100));
        }

        var retried = Enumerable.Range(400, 200).Where(status => Retries(policy, status)).ToHashSet();
        Assert.True(listed.SetEquals(retried),
            $"{where} lists {string.Join(", ", listed.Order())}; the policy retries {string.Join(", ", retried.Order())}");
    }

    private static bool Retries(RetryPolicy policy, int status)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        return policy.IsRetried(response);
    }

    private static string Section(string text, string heading)
    {
        int start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{heading}' in the help source");
        int end = text.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
        return text.Substring(start, (end < 0 ? text.Length : end) - start).Replace('\n', ' ');
    }
}
