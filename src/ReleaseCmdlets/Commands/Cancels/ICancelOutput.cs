using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>What a <see cref="CancelQueue"/> asks of the command it serves, all on the pipeline thread.</summary>
internal interface ICancelOutput
{
    /// <summary>Blocks until one of the tasks ends, writing log lines meanwhile.</summary>
    void WaitForAny(IReadOnlyList<Task> tasks);

    /// <summary>Writes the log lines that arrived.</summary>
    void WriteLog();

    /// <summary>Writes one finished input's result; returns a refused credential (401) unwritten, which stops the command.</summary>
    ServiceException? WriteResult(PendingCancel finished);

    /// <summary>Stops the command for that refusal, after the results of every cancel that was in flight (<paramref name="alsoRefused"/> of them refused the same way).</summary>
    void StopForRefusal(ServiceException refused, PendingCancel item, int alsoRefused);
}
