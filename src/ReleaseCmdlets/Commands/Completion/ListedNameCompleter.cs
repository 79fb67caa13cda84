using System.Collections;
using System.Linq;
using System.Management.Automation.Language;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Completes a name parameter from the names the session's listings wrote (<see cref="ListedNames"/>), or offers
/// nothing: PowerShell would otherwise complete file names, which are never right here.
/// </summary>
public abstract class ListedNameCompleter : IArgumentCompleter
{
    private readonly string kind;

    /// <param name="kind">The name parameter completed (the kind an object gives its names under).</param>
    private protected ListedNameCompleter(string kind) => this.kind = kind;

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Complete(ListedNames.Matching(kind, Unquoted(wordToComplete)), $"No {parameterName} listed yet in this session: list first (Get-*).");

    /// <summary>The names as completions, quoted where PowerShell needs it; a result that inserts nothing when there are none.</summary>
    internal static IEnumerable<CompletionResult> Complete(IReadOnlyList<string> names, string whenNone) =>
        names.Count == 0
            ? new[] { new CompletionResult(" ", "(none listed)", CompletionResultType.ParameterValue, whenNone) }
            : names.Select(name => new CompletionResult(Quoted(name), name, CompletionResultType.ParameterValue, name));

    internal static string Unquoted(string? word) => (word ?? "").Trim('\'', '"');

    private static string Quoted(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.') ? name : "'" + name.Replace("'", "''") + "'";
}
