namespace ReleaseCmdlets;

/// <summary>
/// The common shape of everything the module writes: one release, deployment, build or promotion of one service.
/// Each service derives its own type with typed properties named like the parameters of its Stop cmdlet.
/// </summary>
public abstract class ReleaseInfo
{
    /// <summary>BuildMaster, CloudFoundry, Cloudflare or Baseten.</summary>
    public abstract string Provider { get; }

    /// <summary>The service's id of the thing.</summary>
    public string Id { get; internal set; } = "";

    /// <summary>The human name of the thing.</summary>
    public string? Name { get; internal set; }

    /// <summary>The service's own status word, verbatim.</summary>
    public string? Status { get; internal set; }

    /// <summary>True when the status can no longer change.</summary>
    public bool IsFinal { get; internal set; }

    /// <summary>
    /// The service URL the object was listed from (or cancelled at). A Stop cmdlet cancels the object only at this URL
    /// (and, for Cloudflare, in its AccountId): it refuses the object, before any request, when it would send elsewhere.
    /// </summary>
    public string? ServiceUrl { get; internal set; }

    /// <summary>The cmdlet that cancels objects of this kind, for a refusal that names it.</summary>
    internal abstract string StopCommand { get; }

    /// <summary>Where within <see cref="ServiceUrl"/> the object lives when the service has such a place (an account); else null.</summary>
    internal virtual string? Place => null;

    public override string ToString() => $"{Provider} {Id} ({Status})";

    /// <summary>The names this object gives tab completion, each with its kind (a name parameter, e.g. AppName).</summary>
    internal virtual System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string?>> CompletionNames =>
        System.Linq.Enumerable.Empty<System.Collections.Generic.KeyValuePair<string, string?>>();

    /// <summary>
    /// Takes what only the listing knew (names looked up beside it) from the object this one was cancelled from: a
    /// cancel's answer lacks them.
    /// </summary>
    internal virtual void KeepListed(ReleaseInfo listed)
    {
    }

    /// <summary>What a -Wait's progress line says of the object as last read.</summary>
    internal virtual string Progress => Status ?? "";

    /// <summary>
    /// Passes the free text a service wrote into this object (a message, an error) through the command's scrubber before
    /// it is written: a service that echoes a credential must not put it into the output.
    /// </summary>
    internal virtual void ScrubServiceText(System.Func<string, string> scrub)
    {
    }
}
