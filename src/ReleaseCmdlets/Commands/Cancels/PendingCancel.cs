using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>A started cancel (or an input refused before any), typed as its client returns it: no task per input just to widen the result's type.</summary>
internal abstract class PendingCancel
{
    protected PendingCancel(object target, string asked, CancelSite? site)
    {
        Target = target;
        Asked = asked;
        Site = site;
    }

    public object Target { get; }

    /// <summary>Where the cancel went, when the command cancels on several services; null for the command's own.</summary>
    public CancelSite? Site { get; }

    /// <summary>What was asked, as -WhatIf says it (product, object, host).</summary>
    public string Asked { get; }

    public abstract Task Task { get; }

    /// <summary>The cancelled object, or the cancel's failure thrown.</summary>
    public abstract ReleaseInfo Result();
}

internal sealed class PendingCancel<T> : PendingCancel
    where T : ReleaseInfo
{
    private readonly Task<T> task;

    public PendingCancel(object target, string asked, Task<T> task, CancelSite? site)
        : base(target, asked, site) => this.task = task;

    public override Task Task => task;

    public override ReleaseInfo Result() => task.GetAwaiter().GetResult();
}
