using System.Collections.Concurrent;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The one way the module's text reaches PowerShell's streams other than output and errors. Collects what any thread
/// reports (log lines, warnings, progress) and writes it from the pipeline thread only (PowerShell refuses Write* calls
/// from other threads), every text scrubbed of every secret the command knows at that moment. Warnings can be held back
/// until the results they are about have been written (<see cref="WriteTo"/>).
/// </summary>
internal sealed class PipelineLog : IRequestLog
{
    private readonly ConcurrentQueue<(LineKind Kind, string? Text, ProgressRecord? Progress)> lines = new();
    private readonly ConcurrentQueue<string> warnings = new();
    private readonly Action wake;
    private readonly SecretBoundary secrets;

    /// <param name="wake">Wakes the waiting pipeline thread so that it writes what arrived.</param>
    /// <param name="secrets">The command's redaction boundary, asked when a line is written (renewed tokens included).</param>
    public PipelineLog(Action wake, SecretBoundary secrets)
    {
        this.wake = wake;
        this.secrets = secrets;
    }

    public bool VerboseEnabled { get; set; }

    public bool DebugEnabled { get; set; }

    /// <summary>In CI: progress becomes timed status lines.</summary>
    public StatusLines? StatusLines { get; set; }

    /// <summary>In CI: the annotation line of a warning (its text already scrubbed), or null when none is made.</summary>
    public Func<string, string?>? WarningAnnotation { get; set; }

    public void Verbose(string message) => Add((LineKind.Verbose, message, null));

    public void Debug(string message) => Add((LineKind.Debug, message, null));

    public void Progress(ProgressRecord record) => Add((LineKind.Progress, null, record));

    /// <summary>The progress line of a wait on a request budget (one activity for the command, ended by a null status).</summary>
    public void Waiting(string? status, DateTimeOffset until)
    {
        var record = new ProgressRecord(WaitActivity, "Waiting for the service's request budget", status ?? "Done");
        if (status is null)
        {
            record.RecordType = ProgressRecordType.Completed;
        }
        else
        {
            record.SecondsRemaining = Math.Max(0, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds));
        }

        Progress(record);
    }

    /// <summary>Far from the activity ids a -Wait uses (1, 2, …).</summary>
    private const int WaitActivity = 9000;

    public void Warning(string message)
    {
        warnings.Enqueue(message);
        wake();
    }

    /// <summary>Writes what arrived: verbose, debug and progress lines, and the warnings too unless they are held back.</summary>
    public void WriteTo(Cmdlet cmdlet, bool includeWarnings = true)
    {
        if (lines.IsEmpty && (!includeWarnings || warnings.IsEmpty))
        {
            return;
        }

        while (lines.TryDequeue(out var line))
        {
            switch (line.Kind)
            {
                case LineKind.Verbose:
                    WriteSafely(cmdlet, () => cmdlet.WriteVerbose(secrets.Scrub(line.Text)), host => host.WriteVerboseLine(secrets.Scrub(line.Text)));
                    break;
                case LineKind.Debug:
                    WriteSafely(cmdlet, () => cmdlet.WriteDebug(secrets.Scrub(line.Text)), host => host.WriteDebugLine(secrets.Scrub(line.Text)));
                    break;
                default:
                    ProgressRecord record = line.Progress!;
                    secrets.Scrub(record);
                    if (StatusLines is null)
                    {
                        cmdlet.WriteProgress(record);
                    }
                    else if (StatusLines.LineFor(record) is string status)
                    {
                        WriteHostLine(cmdlet, status);
                    }

                    break;
            }
        }

        while (includeWarnings && warnings.TryDequeue(out string? warning))
        {
            string text = secrets.Scrub(warning);
            WriteSafely(cmdlet, () => cmdlet.WriteWarning(text), host => host.WriteWarningLine(text));
            if (WarningAnnotation?.Invoke(text) is string annotation)
            {
                WriteCiCommand(cmdlet, annotation);
            }
        }
    }

    /// <summary>
    /// A CI command the module made (an annotation, the summary's upload and outputs), its texts already scrubbed and
    /// made visible: masked of secrets once more, but not made inert, which would undo the command itself.
    /// </summary>
    public void WriteCiCommand(Cmdlet cmdlet, string line) => WriteHostLine(cmdlet, Redactor.Scrub(line, secrets.Values));

    /// <summary>A line for the log as Write-Host writes it: shown even with -InformationAction SilentlyContinue, kept out by 6>$null.</summary>
    private static void WriteHostLine(Cmdlet cmdlet, string line) =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = line }, HostTag);

    private static readonly string[] HostTag = { "PSHOST" };

    /// <summary>
    /// Under -Debug, PowerShell asks before each verbose line and warning of a compiled cmdlet; a non-interactive host
    /// (a CI step) cannot ask and fails the write, which would end the command with its results unwritten. The line then
    /// goes to the host directly, so it is still seen (and transcribed), and the command goes on.
    /// </summary>
    private static void WriteSafely(Cmdlet cmdlet, Action write, Action<System.Management.Automation.Host.PSHostUserInterface> fallback)
    {
        try
        {
            write();
        }
        catch (PSInvalidOperationException) when (cmdlet is PSCmdlet { Host.UI: { } ui })
        {
            fallback(ui);
        }
    }

    private void Add((LineKind Kind, string? Text, ProgressRecord? Progress) line)
    {
        lines.Enqueue(line);
        wake();
    }

    private enum LineKind
    {
        Verbose,
        Debug,
        Progress,
    }
}
