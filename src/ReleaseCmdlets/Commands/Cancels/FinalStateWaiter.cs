using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// A Stop command's -Wait, handed to the cancel it waits for: until the cancelled object is final, within -TimeoutSec
/// in all, its status and the time left shown as progress through the command's log. Ctrl+C ends it at once (the token).
/// </summary>
internal sealed class FinalStateWaiter
{
    private readonly TimeSpan? limit;
    private readonly PipelineLog log;

    public FinalStateWaiter(TimeSpan? limit, PipelineLog log)
    {
        this.limit = limit;
        this.log = log;
    }

    public async Task<T> WaitAsync<T>(T cancelled, string title, TimeSpan interval, Func<T, WaitOptions, CancellationToken, Task<T>> wait, CancellationToken token)
        where T : ReleaseInfo
    {
        if (cancelled.IsFinal)
        {
            return cancelled;
        }

        int activity = ProgressActivity.Next();
        var options = new WaitOptions
        {
            Limit = limit,
            Interval = interval,
            OnPoll = (current, spent, left) => log.Progress(new ProgressRecord(
                activity, title, $"{current.Progress}, {spent.TotalSeconds:0} s" + (left is TimeSpan remaining ? $", {Math.Max(0, remaining.TotalSeconds):0} s left" : ""))
            {
                SecondsRemaining = left is TimeSpan seconds ? Math.Max(0, (int)seconds.TotalSeconds) : -1,
            }),
        };
        try
        {
            return await wait(cancelled, options, token).ConfigureAwait(false);
        }
        finally
        {
            log.Progress(new ProgressRecord(activity, title, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
