using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using ReleaseCmdlets.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Collects what background work reports (log lines, progress) from any thread, and writes it from the pipeline
/// thread only: PowerShell refuses Write* calls from other threads.
/// </summary>
internal sealed class PipelineLog : IRequestLog
{
    private readonly ConcurrentQueue<Action<Cmdlet>> writes = new();
    private readonly Action wake;

    /// <param name="wake">Wakes the waiting pipeline thread so that it writes what arrived.</param>
    public PipelineLog(Action wake) => this.wake = wake;

    public bool VerboseEnabled { get; set; }

    public bool DebugEnabled { get; set; }

    public void Verbose(string message) => Add(cmdlet => cmdlet.WriteVerbose(message));

    public void Debug(string message) => Add(cmdlet => cmdlet.WriteDebug(message));

    public void Warning(string message) => Add(cmdlet => cmdlet.WriteWarning(message));

    public void Progress(ProgressRecord record) => Add(cmdlet => cmdlet.WriteProgress(record));

    public void WriteTo(Cmdlet cmdlet)
    {
        while (writes.TryDequeue(out var write))
        {
            write(cmdlet);
        }
    }

    private void Add(Action<Cmdlet> write)
    {
        writes.Enqueue(write);
        wake();
    }
}
