using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>How the Get cmdlets write what they read: object by object, page by page, each failure naming its input.</summary>
public abstract partial class ServiceCmdlet
{
    /// <summary>Reads each named object and writes it; a failure is a non-terminating error naming its input.</summary>
    protected void WriteEach<TId, T>(IEnumerable<TId> ids, Func<TId, CancellationToken, Task<T>> read)
        where T : ReleaseInfo
    {
        foreach (TId id in ids)
        {
            try
            {
                WriteRelease(Invoke(token => read(id, token)));
            }
            catch (ServiceException failure)
            {
                WriteServiceError(failure, id);
            }
        }
    }

    /// <summary>
    /// Every page of a listing, each object written as its page is read (after <paramref name="prepare"/>, when given);
    /// a failure is the caller's to report. The listing knows where the next page starts (a number, or a point in
    /// time). Returns how many objects the pages left out as not asked for.
    /// </summary>
    protected int WritePages<T>(Func<CancellationToken, Task<ListingPage<T>>> nextPage, Action<T>? prepare = null)
        where T : ReleaseInfo
    {
        int leftOut = 0;
        while (true)
        {
            ListingPage<T> listed = Invoke(nextPage);
            foreach (T item in listed.Items)
            {
                prepare?.Invoke(item);
                WriteRelease(item);
            }

            leftOut += listed.LeftOut;
            if (!listed.HasMore)
            {
                return leftOut;
            }
        }
    }

    /// <summary>How many sources of an account-wide listing are read at once (ahead of the one being written).</summary>
    private const int SourcesReadAhead = 4;

    /// <summary>
    /// An account-wide listing: reads each source (a Worker, a model) with a few read ahead, and writes what each holds
    /// in the sources' order as soon as it is read, with progress naming the sources read so far. A source that fails
    /// is one non-terminating error naming it, and the others go on (a refused credential still stops the command).
    /// </summary>
    protected void WriteFromEach<TSource, T>(IReadOnlyList<TSource> sources, string activity, Func<TSource, string> nameOf, Func<TSource, CancellationToken, Task<IReadOnlyList<T>>> read)
        where T : ReleaseInfo
    {
        int progressId = ProgressActivity.Next();
        var reading = new Queue<(TSource Source, Task<IReadOnlyList<T>> Items)>();
        int next = 0;
        int done = 0;
        try
        {
            while (done < sources.Count)
            {
                while (next < sources.Count && reading.Count < SourcesReadAhead)
                {
                    TSource source = sources[next++];
                    reading.Enqueue((source, Start(token => read(source, token))));
                }

                (TSource Source, Task<IReadOnlyList<T>> Items) head = reading.Peek();
                if (!head.Items.IsCompleted)
                {
                    WaitForAny(new Task[] { head.Items });
                    continue;
                }

                reading.Dequeue();
                done++;
                Log.Progress(new ProgressRecord(progressId, activity, $"{done} of {sources.Count} read: {nameOf(head.Source)}") { PercentComplete = done * 100 / sources.Count });
                try
                {
                    foreach (T item in Result(head.Items))
                    {
                        WriteRelease(item);
                    }
                }
                catch (ServiceException failure)
                {
                    WriteServiceError(failure, nameOf(head.Source));
                }
            }
        }
        finally
        {
            Log.Progress(new ProgressRecord(progressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
