namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Where the HTTP stack reports what it does. Called from any thread; the cmdlet base queues the lines and writes them
/// on the pipeline thread. Nothing passed here may contain a secret.
/// </summary>
public interface IRequestLog
{
    /// <summary>Whether verbose lines are shown at all; when not, the stack does not even build them.</summary>
    bool VerboseEnabled { get; }

    bool DebugEnabled { get; }

    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);

    /// <summary>A wait the command is in (a request budget): shown as progress until <paramref name="until"/>; null ends it.</summary>
    void Waiting(string? status, DateTimeOffset until);
}
