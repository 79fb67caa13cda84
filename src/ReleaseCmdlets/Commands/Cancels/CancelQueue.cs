using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The cancels of one Stop command, in input order, with at most a given number in flight (-ThrottleLimit; per service
/// when a cancel names its <see cref="CancelSite"/>). It never writes or waits itself: it tells its
/// <see cref="CancelRun"/>, step by step, which result comes next (one per input, in input order) or which cancels to
/// wait for, and the command does it on the pipeline thread.
/// </summary>
internal sealed class CancelQueue
{
    private readonly Queue<PendingCancel> pending = new();
    private readonly List<Task> running = new();

    /// <summary>
    /// Queues one input's cancel (or its refusal), then gives every finished result at the head of the queue, and the
    /// cancels to wait for until at most <paramref name="maximumInFlight"/> still run (of the site's service, when given).
    /// </summary>
    public IEnumerable<CancelStep> Add(PendingCancel item, int maximumInFlight, CancelSite? site = null)
    {
        pending.Enqueue(item);
        return Steps(maximumInFlight, site);
    }

    /// <summary>After the last input, or before the command stops: every cancel still in flight, to wait for and write.</summary>
    public IEnumerable<CancelStep> End() => Steps(maximumInFlight: 0, site: null);

    private IEnumerable<CancelStep> Steps(int maximumInFlight, CancelSite? site)
    {
        while (true)
        {
            while (pending.Count > 0 && pending.Peek().Task.IsCompleted)
            {
                yield return CancelStep.Write(pending.Dequeue());
            }

            running.Clear();
            foreach (PendingCancel item in pending)
            {
                if (!item.Task.IsCompleted && (site is null || item.Site?.Provider == site.Provider))
                {
                    running.Add(item.Task);
                }
            }

            if (running.Count <= maximumInFlight)
            {
                // The head may have finished since it was looked at: write it now, or the end's last look would leave
                // finished results unwritten.
                if (pending.Count > 0 && pending.Peek().Task.IsCompleted)
                {
                    continue;
                }

                yield break;
            }

            yield return CancelStep.WaitForAny(running);
        }
    }
}
