using ReleaseCmdlets.Simulator;

namespace ReleaseCmdlets.Tests.Clients;

/// <summary>One in-process simulator for a test class, reset before each test.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;

    public Uri Url => new(Host.Url);

    public async Task InitializeAsync() => Host = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public void Reset()
    {
        Host.Ledger.Clear();
        Host.Faults.Clear();
        Host.Services.Reset();
    }
}
