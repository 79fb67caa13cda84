using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What a command does next on its pipeline thread, as a collaborator that neither writes nor waits (a Stop's
/// <see cref="CancelRun"/>) asks it: wait for one of the calls that run, or write one input's result (an object, then
/// its error; or the error that stops the command).
/// </summary>
internal readonly struct OutputStep
{
    private OutputStep(IReadOnlyList<Task>? running, ReleaseInfo? release, Uri? at, ErrorRecord? error, string? asked, bool stops)
    {
        Running = running;
        Release = release;
        At = at;
        Error = error;
        Asked = asked;
        Stops = stops;
    }

    /// <summary>The calls to wait for (until any of them ends); null when the step writes.</summary>
    public IReadOnlyList<Task>? Running { get; }

    /// <summary>The object to write first, if any.</summary>
    public ReleaseInfo? Release { get; }

    /// <summary>Where the object was listed or cancelled, when not at the command's own URL.</summary>
    public Uri? At { get; }

    /// <summary>The error to write after the object, if any.</summary>
    public ErrorRecord? Error { get; }

    /// <summary>What the error is about as asked (-WhatIf's text), for its CI annotation.</summary>
    public string? Asked { get; }

    /// <summary>Whether the error stops the command (terminating) rather than being one input's.</summary>
    public bool Stops { get; }

    public static OutputStep WaitForAny(IReadOnlyList<Task> running) => new(running, null, null, null, null, false);

    public static OutputStep Write(ReleaseInfo? release, Uri? at, ErrorRecord? error = null, string? asked = null) => new(null, release, at, error, asked, false);

    public static OutputStep Stop(ErrorRecord error, string asked) => new(null, null, null, error, asked, true);
}
