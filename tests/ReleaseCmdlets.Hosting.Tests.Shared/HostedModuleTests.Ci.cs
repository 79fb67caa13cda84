using System.Collections.ObjectModel;
using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

public sealed partial class HostedModuleTests
{
    /// <summary>
    /// A hosted engine has no console: the CI lines reach the information stream, where its host finds them, and the
    /// summary files are written as in pwsh. The variables are set for this test only (the collection runs one at a time).
    /// </summary>
    [Fact]
    public void In_GitHub_Actions_a_hosted_engine_gets_the_annotations_summary_and_outputs()
    {
        string folder = Directory.CreateTempSubdirectory("releasecmdlets-ci-").FullName;
        var step = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary.md"),
            ["GITHUB_OUTPUT"] = Path.Combine(folder, "output.txt"),
        };
        (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) result;
        try
        {
            foreach (var (name, value) in step)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            result = Run(
                "Stop-BmRelease -ReleaseId 2, 1, 99 -IfInFlight -Url $url -ApiKey $buildMasterApiKey -Confirm:$false 6>&1 |\n" +
                "    ForEach-Object { if ($_ -is [System.Management.Automation.InformationRecord]) { \"$($_.MessageData)\" } else { \"cancelled $($_.ReleaseId)\" } }",
                host.Variables);
        }
        finally
        {
            foreach (string name in step.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        var (output, errors) = result;
        Assert.True(errors.Count == 1, string.Join("\n", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        Assert.Equal("ReleaseNotFound,ReleaseCmdlets.Commands.StopBmReleaseCommand", errors[0].FullyQualifiedErrorId);
        Assert.Equal(2, output.Count);
        Assert.Equal("cancelled 2", output[0].ToString());
        Assert.StartsWith("::error title=Stop-BmRelease%3A ReleaseNotFound::BuildMaster release 99 at ", output[1].ToString());
        Assert.Equal("cancelled=1\nfinal=1\nfailed=1\n", File.ReadAllText(Path.Combine(folder, "output.txt")));
        Assert.Contains("3 asked: 1 cancelled, 1 already final, 1 failed.", File.ReadAllText(Path.Combine(folder, "summary.md")));
        Directory.Delete(folder, recursive: true);
    }
}
