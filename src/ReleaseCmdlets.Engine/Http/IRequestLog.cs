namespace ReleaseCmdlets.Http;

/// <summary>
/// Where the HTTP stack reports what it does. Called from any thread; the cmdlet base queues the lines and writes them
/// on the pipeline thread. Nothing passed here may contain a secret.
/// </summary>
public interface IRequestLog
{
    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);
}
