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
}
