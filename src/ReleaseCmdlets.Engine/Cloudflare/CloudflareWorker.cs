namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>One Worker of an account as the scripts listing gives it: its name (the script's id) and its tag, which builds key on.</summary>
public sealed class CloudflareWorker
{
    public CloudflareWorker(string name, string tag) => (Name, Tag) = (name, tag);

    public string Name { get; }

    /// <summary>The immutable id of the script; Workers Builds calls it external_script_id.</summary>
    public string Tag { get; }
}
