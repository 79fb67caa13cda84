using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>What a <see cref="CancelQueue"/> asks its command to do next: write a finished result, or wait for one of the cancels that run.</summary>
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
