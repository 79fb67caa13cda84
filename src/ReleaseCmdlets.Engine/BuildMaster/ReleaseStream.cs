using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace ReleaseCmdlets.BuildMaster;

/// <summary>
/// Releases as they are read from a response. A plain Task-based enumerator on purpose: the cmdlets live in another
/// load context and must not share polyfill types (IAsyncEnumerable, ValueTask) with the engine.
/// </summary>
public sealed class ReleaseStream : IDisposable
{
    private readonly IAsyncEnumerator<BuildMasterRelease> releases;

    internal ReleaseStream(IAsyncEnumerator<BuildMasterRelease> releases) => this.releases = releases;

    public BuildMasterRelease Current => releases.Current;

    public Task<bool> MoveNextAsync() => releases.MoveNextAsync().AsTask();

    public void Dispose() => releases.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
