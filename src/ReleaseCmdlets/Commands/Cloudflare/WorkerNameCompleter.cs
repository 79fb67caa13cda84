namespace ReleaseCmdlets.Commands;

/// <summary>Cloudflare Worker names from the session's listings.</summary>
public sealed class WorkerNameCompleter : ListedNameCompleter
{
    public WorkerNameCompleter()
        : base("WorkerName")
    {
    }
}
