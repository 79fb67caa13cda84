using System.Threading;

namespace ReleaseCmdlets.Commands;

/// <summary>Progress activity ids, one per wait or listing, so that those of parallel work show side by side.</summary>
internal static class ProgressActivity
{
    private static int last;

    public static int Next() => Interlocked.Increment(ref last);
}
