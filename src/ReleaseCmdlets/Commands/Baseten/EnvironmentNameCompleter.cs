using System.Collections;
using System.Linq;
using System.Management.Automation.Language;

namespace ReleaseCmdlets.Commands;

/// <summary>Offers Baseten's built-in environment names; any other name is accepted too.</summary>
public sealed class EnvironmentNameCompleter : IArgumentCompleter
{
    private static readonly string[] Names = { "production", "development" };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Names
            .Where(name => name.StartsWith(wordToComplete ?? "", System.StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}
