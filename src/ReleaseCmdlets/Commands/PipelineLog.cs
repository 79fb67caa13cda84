using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using ReleaseCmdlets.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Collects what the HTTP stack reports from any thread, and writes it from the pipeline thread only
/// (PowerShell refuses Write* calls from other threads).
/// </summary>
internal sealed class PipelineLog : IRequestLog
{
    private readonly ConcurrentQueue<(char Level, string Text)> lines = new();
    private readonly AutoResetEvent signal = new(false);

    /// <summary>Set whenever a line arrives, so a waiting pipeline thread can wake up and write it.</summary>
    public WaitHandle Signal => signal;

    public void Verbose(string message) => Add('v', message);

    public void Debug(string message) => Add('d', message);

    public void Warning(string message) => Add('w', message);

    public void WriteTo(Cmdlet cmdlet)
    {
        while (lines.TryDequeue(out var line))
        {
            switch (line.Level)
            {
                case 'v': cmdlet.WriteVerbose(line.Text); break;
                case 'd': cmdlet.WriteDebug(line.Text); break;
                default: cmdlet.WriteWarning(line.Text); break;
            }
        }
    }

    private void Add(char level, string text)
    {
        lines.Enqueue((level, text));
        signal.Set();
    }
}
