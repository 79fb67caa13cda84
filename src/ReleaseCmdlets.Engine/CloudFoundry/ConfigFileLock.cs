using System.Diagnostics;
using System.IO;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// An exclusive lock across processes: a file opened with FileShare.None (flock on Unix). The file is never deleted,
/// since deleting it would let two processes each lock a file of the same name.
/// </summary>
internal static class ConfigFileLock
{
    public static async Task<IDisposable> AcquireAsync(string path, TimeSpan wait, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException held) when (IsHeld(held) && clock.Elapsed < wait)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the lock is held by another process (a sharing or lock violation), not a file that cannot be made at all.</summary>
    public static bool IsHeld(IOException failure) => (failure.HResult & 0xFFFF) is 0x20 or 0x21 || failure.HResult == 11;
}
