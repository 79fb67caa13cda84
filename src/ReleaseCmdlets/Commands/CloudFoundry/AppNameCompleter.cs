namespace ReleaseCmdlets.Commands;

/// <summary>Cloud Foundry app names from the session's listings.</summary>
public sealed class AppNameCompleter : ListedNameCompleter
{
    public AppNameCompleter()
        : base("AppName")
    {
    }
}
