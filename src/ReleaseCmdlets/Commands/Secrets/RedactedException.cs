namespace ReleaseCmdlets.Commands;

/// <summary>
/// Stands in for an exception of another type inside an error record, with the secrets scrubbed from its message and
/// its stack trace (a stack names methods and files, never values, but it is scrubbed all the same); the original
/// exception itself is not carried, since its other members could hold a credential.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string? stackTrace;

    public RedactedException(string originalType, string message, Exception? innerException, string? stackTrace = null)
        : base(message, innerException)
    {
        OriginalType = originalType;
        this.stackTrace = stackTrace;
    }

    /// <summary>The full name of the exception type this one replaces.</summary>
    public string OriginalType { get; }

    /// <summary>Where the original was thrown, so that a report of a defect says where to look.</summary>
    public override string? StackTrace => stackTrace;

    public override string ToString() =>
        $"{OriginalType}: {Message}" + (InnerException is null ? "" : $" ---> {InnerException}") + (stackTrace is null ? "" : Environment.NewLine + stackTrace);
}
