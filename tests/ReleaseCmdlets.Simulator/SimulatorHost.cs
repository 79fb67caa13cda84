using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Simulator;

/// <summary>
/// The simulator as a reusable host: the program runs one, and xunit tests start one in their own process.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private SimulatorHost(WebApplication app, SimulatedServices services, Ledger ledger, FaultSwitchboard faults)
    {
        this.app = app;
        Services = services;
        Ledger = ledger;
        Faults = faults;
    }

    public SimulatedServices Services { get; }

    public Ledger Ledger { get; }

    public FaultSwitchboard Faults { get; }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string Url => app.Urls.First();

    public static async Task<SimulatorHost> StartAsync(string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? Array.Empty<string>());
        builder.Logging.ClearProviders();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        var ledger = new Ledger();
        var faults = new FaultSwitchboard();
        var services = new SimulatedServices();
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(faults);

        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>();
        services.Map(app);
        ControlApi.Map(app, services, ledger, faults);
        await app.StartAsync();
        return new SimulatorHost(app, services, ledger, faults);
    }

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
