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

    /// <summary>
    /// The names as completions, quoted where PowerShell needs it and shown in the menu with their controls made visible;
    /// a result that inserts nothing when there are none.
    /// </summary>
    internal static IEnumerable<CompletionResult> Complete(IReadOnlyList<string> names, string whenNone) =>
        names.Count == 0
            ? new[] { new CompletionResult(" ", "(none listed)", CompletionResultType.ParameterValue, whenNone) }
            : names.Select(name => new CompletionResult(Quoted(name), VisibleText.Of(name), CompletionResultType.ParameterValue, VisibleText.Of(name)));

    internal static string Unquoted(string? word) => (word ?? "").Trim('\'', '"');

    /// <summary>
    /// A name from a service as one string argument: bare when plain, else single-quoted with every character PowerShell
    /// reads as a single quote escaped (the typographic ones too), so that no name can end the string and add a command.
    /// </summary>
    private static string Quoted(string name) =>
        name.All(c => c < 0x80 && (char.IsLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? name
            : "'" + CodeGeneration.EscapeSingleQuotedStringContent(name) + "'";
}
