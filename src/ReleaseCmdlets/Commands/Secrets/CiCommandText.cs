using System.Text.RegularExpressions;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Text that a CI system would run as a command, made inert in every message: Azure Pipelines runs <c>##vso[</c>
/// anywhere in a line (and formats <c>##[</c>), GitHub Actions runs <c>::</c> at a line's start and its older
/// <c>##[command]</c> anywhere in a line (actions/runner ActionCommand.TryParse, the fallback of TryParseV2).
/// The first <c>#</c> or <c>:</c> becomes its fullwidth twin (＃, ：), so the text still reads the same and no agent
/// matches it. Messages are single lines by then (<see cref="VisibleText"/>), so no line break can start a new one.
/// </summary>
internal static class CiCommandText
{
    private static readonly Regex HashCommand = new(@"#(?=#(vso)?\[)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex GitHubCommand = new(@"^(\s*):(?=:)", RegexOptions.CultureInvariant);

    public static string Neutralize(string text)
    {
        if (text.IndexOf("##", StringComparison.Ordinal) < 0 && text.IndexOf("::", StringComparison.Ordinal) < 0)
        {
            return text;
        }

        string azure = HashCommand.Replace(text, "\uFF03");
        return GitHubCommand.Replace(azure, match => match.Groups[1].Value + "\uFF1A");
    }
}
