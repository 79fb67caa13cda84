using System.Text.RegularExpressions;
using ReleaseCmdlets.Tests.Loading;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// Secrets are scrubbed at one boundary: every verbose, debug, warning and progress line of the module goes through
/// PipelineLog, which scrubs it. A cmdlet that wrote to one of those streams itself would write around it.
/// </summary>
public class StreamBoundaryTests
{
    private static readonly Regex DirectWrite = new(@"\b(WriteVerbose|WriteDebug|WriteWarning|WriteProgress|WriteInformation|WriteHost)\s*\(|\bHost\.UI\b");

    [Fact]
    public void Only_PipelineLog_writes_the_text_streams()
    {
        string commands = Path.Combine(DependencyResolverTests.RepoRoot(), "src");
        var offenders = Directory.GetFiles(commands, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(file) != "PipelineLog.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(entry => DirectWrite.IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(commands, entry.file)}:{entry.index + 1}: {entry.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Written around the scrubbing boundary:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_finds_a_direct_write()
    {
        Assert.Matches(DirectWrite, "        WriteWarning($\"text {secret}\");");
        Assert.Matches(DirectWrite, "Host.UI.WriteLine(x);");
        Assert.DoesNotMatch(DirectWrite, "        Log.Warning($\"text\");");
    }
}
