using System.IO;
using System.Text;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// GitHub Actions: workflow commands at a line's start (<c>::error title=…::message</c>), the step summary appended to
/// the file GITHUB_STEP_SUMMARY names, step outputs to the file GITHUB_OUTPUT names.
/// </summary>
internal sealed class GitHubActions : CiSystem
{
    public GitHubActions(Func<string, string?> environment)
        : base(environment)
    {
    }

    /// <summary>As the runner unescapes a command's data (actions/runner src/Runner.Common/ActionCommand.cs, _escapeDataMappings).</summary>
    public static string EscapeData(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>As the runner unescapes a property (_escapePropertyMappings): the data's escapes and ':' and ','.</summary>
    public static string EscapeProperty(string text) => EscapeData(text).Replace(":", "%3A").Replace(",", "%2C");

    public override string Annotation(bool isError, string command, string errorId, string message) =>
        $"::{(isError ? "error" : "warning")} title={EscapeProperty($"{command}: {errorId}")}::{EscapeData(message)}";

    public override IReadOnlyList<string> Publish(string markdown, SummaryCounts counts)
    {
        Append("GITHUB_STEP_SUMMARY", markdown);
        Append("GITHUB_OUTPUT", $"cancelled={counts.Cancelled}\nfinal={counts.Final}\nfailed={counts.Failed}\n");
        return Array.Empty<string>();
    }

    private void Append(string variable, string text)
    {
        if (Environment(variable) is string path && path.Trim().Length > 0)
        {
            File.AppendAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }
}
