using System.IO;
using System.Text;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Azure Pipelines: logging commands (<c>##vso[task.logissue type=error;code=…]message</c>), the summary uploaded from a
/// file with <c>task.uploadsummary</c>, the counts as output variables of the step (<c>task.setvariable … isoutput=true</c>).
/// </summary>
internal sealed class AzurePipelines : CiSystem
{
    public AzurePipelines(Func<string, string?> environment)
        : base(environment)
    {
    }

    /// <summary>As Azure's own task library escapes a message (azure-pipelines-task-lib node/taskcommand.ts, escapedata).</summary>
    public static string EscapeData(string text) => text.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>As it escapes a property (escape): the message's escapes and ']' and ';'.</summary>
    public static string EscapeProperty(string text) => EscapeData(text).Replace("]", "%5D").Replace(";", "%3B");

    public override string Annotation(bool isError, string command, string errorId, string message) =>
        $"##vso[task.logissue type={(isError ? "error" : "warning")};code={EscapeProperty(errorId)};]{EscapeData($"{command}: {message}")}";

    public override IReadOnlyList<string> Publish(string markdown, SummaryCounts counts)
    {
        string folder = Environment("AGENT_TEMPDIRECTORY") is string temp && Directory.Exists(temp) ? temp : Path.GetTempPath();
        string file = Path.Combine(folder, $"ReleaseCmdlets-summary-{Guid.NewGuid():N}.md");
        File.WriteAllText(file, markdown, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return new[]
        {
            $"##vso[task.uploadsummary]{EscapeData(file)}",
            Output("cancelled", counts.Cancelled),
            Output("final", counts.Final),
            Output("failed", counts.Failed),
        };
    }

    private static string Output(string name, int value) => $"##vso[task.setvariable variable={name};isoutput=true]{value}";
}
