using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>What a <see cref="CancelQueue"/> says comes next: a finished result to write, or the cancels that run, to wait for one of them.</summary>
internal readonly struct CancelStep
{
    private CancelStep(PendingCancel? finished, IReadOnlyList<Task>? running)
    {
        Finished = finished;
        Running = running;
    }

    /// <summary>The result to write now, the next in input order; null when the step is a wait.</summary>
    public PendingCancel? Finished { get; }

    /// <summary>The cancels to wait for (until any of them ends); null when the step is a write.</summary>
    public IReadOnlyList<Task>? Running { get; }

    public static CancelStep Write(PendingCancel finished) => new(finished, null);

    public static CancelStep WaitForAny(IReadOnlyList<Task> running) => new(null, running);
}
