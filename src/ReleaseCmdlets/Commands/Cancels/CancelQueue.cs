using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The cancels of one Stop command: one result per input, written in input order on the pipeline thread, with at most
/// a given number in flight (-ThrottleLimit; per service when a cancel names its <see cref="CancelSite"/>). Made by
/// the first input a Stop queues; a command that cancels nothing has none.
/// </summary>
internal sealed class CancelQueue
{
    private readonly Queue<PendingCancel> pending = new();
    private readonly List<Task> running = new();
    private readonly ICancelOutput output;

    public CancelQueue(ICancelOutput output) => this.output = output;

    /// <summary>
    /// Queues one input's cancel (or its refusal), then writes every finished result at the head of the queue,
    /// waiting until at most <paramref name="maximumInFlight"/> cancels still run (of the site's service, when given).
    /// </summary>
    public void Add(PendingCancel item, int maximumInFlight, CancelSite? site = null)
    {
        pending.Enqueue(item);
        WriteFinished(maximumInFlight, site);
    }

    /// <summary>After the last input, or before the command stops: every cancel still in flight ends and is written.</summary>
    public void End() => WriteFinished(maximumInFlight: 0, site: null);

    private void WriteFinished(int maximumInFlight, CancelSite? site)
    {
        while (true)
        {
            while (pending.Count > 0 && pending.Peek().Task.IsCompleted)
            {
                Write(pending.Dequeue());
            }

            output.WriteLog();

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
                // The head may have finished since it was looked at (while the log was written): write it now, or the
                // end's last look would leave finished results unwritten.
                if (pending.Count > 0 && pending.Peek().Task.IsCompleted)
                {
                    continue;
                }

                return;
            }

            output.WaitForAny(running);
        }
    }

    private void Write(PendingCancel item)
    {
        if (output.WriteResult(item) is ServiceException refused)
        {
            StopForRefusedCredential(refused, item);
        }
    }

    /// <summary>
    /// A refused credential stops the command, but only after every cancel already in flight has ended and been written:
    /// those that landed must never be hidden. The others refused the same way are counted in the one terminating error.
    /// </summary>
    private void StopForRefusedCredential(ServiceException refused, PendingCancel target)
    {
        int alsoRefused = 0;
        while (pending.Count > 0)
        {
            PendingCancel next = pending.Peek();
            if (!next.Task.IsCompleted)
            {
                output.WaitForAny(new[] { next.Task });
                continue;
            }

            pending.Dequeue();
            if (output.WriteResult(next) is not null)
            {
                alsoRefused++;
            }

            output.WriteLog();
        }

        output.StopForRefusal(refused, target, alsoRefused);
    }
}
