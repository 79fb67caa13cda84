using System;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Stands in for an exception of another type inside an error record, with the secrets scrubbed from its message; the
/// original (and its stack) is not carried, since its text could hold a credential.
/// </summary>
public sealed class RedactedException : Exception
{
    public RedactedException(string originalType, string message, Exception? innerException)
        : base(message, innerException)
    {
        OriginalType = originalType;
    }

    /// <summary>The full name of the exception type this one replaces.</summary>
    public string OriginalType { get; }

    public override string ToString() => $"{OriginalType}: {Message}" + (InnerException is null ? "" : $" ---> {InnerException}");
}
