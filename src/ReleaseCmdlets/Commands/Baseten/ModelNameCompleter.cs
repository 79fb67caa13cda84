namespace ReleaseCmdlets.Commands;

/// <summary>Baseten model names from the session's listings.</summary>
public sealed class ModelNameCompleter : ListedNameCompleter
{
    public ModelNameCompleter()
        : base("ModelName")
    {
    }
}
