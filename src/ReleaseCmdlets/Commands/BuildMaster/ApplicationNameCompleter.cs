namespace ReleaseCmdlets.Commands;

/// <summary>BuildMaster application names from the session's listings.</summary>
public sealed class ApplicationNameCompleter : ListedNameCompleter
{
    public ApplicationNameCompleter()
        : base("ApplicationName")
    {
    }
}
