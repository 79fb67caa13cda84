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
            catch (IOException) when (clock.Elapsed < wait)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
