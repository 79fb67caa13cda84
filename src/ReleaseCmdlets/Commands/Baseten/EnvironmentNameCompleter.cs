using System.Collections;
using System.Linq;
using System.Management.Automation.Language;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Completes -Environment with the environments the model (its -ModelId or -ModelName) had when last listed in this
/// session, else Baseten's documented ones; any other name is accepted too.
/// </summary>
public sealed class EnvironmentNameCompleter : IArgumentCompleter
{
    private static readonly string[] Documented = { "production", "development" };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = ListedNameCompleter.Unquoted(wordToComplete);
        IReadOnlyList<string> listed = Model(fakeBoundParameters) is string model ? ListedNames.Matching("Environment:" + model, typed) : Array.Empty<string>();
        IReadOnlyList<string> names = listed.Count > 0
            ? listed
            : Documented.Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return ListedNameCompleter.Complete(names, "No environment of that name is known.");
    }

    private static string? Model(IDictionary bound)
    {
        object? value = bound["ModelId"] ?? bound["ModelName"];
        return value switch
        {
            string text => text,
            IEnumerable many => many.Cast<object>().Select(item => item?.ToString()).FirstOrDefault(),
            _ => value?.ToString(),
        };
    }
}
