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
    public string Url => app.Urls.First(url => url.StartsWith("http:", StringComparison.Ordinal));

    /// <summary>The same services over https, with a self-signed certificate made at start (for -SkipCertificateCheck).</summary>
    public string HttpsUrl => app.Urls.First(url => url.StartsWith("https:", StringComparison.Ordinal));

    public static async Task<SimulatorHost> StartAsync(string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? Array.Empty<string>());
        builder.Logging.ClearProviders();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var certificate = SelfSignedCertificate.Create();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(System.Net.IPAddress.Loopback, 0);
                kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            });
        }

        var clock = new SimulatorClock();
        var ledger = new Ledger(clock);
        var faults = new FaultSwitchboard();
        var services = new SimulatedServices(clock);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(faults);
        // Like the services' own front ends (IIS dynamic compression, nginx gzip), JSON is compressed for a client
        // that asks for it with Accept-Encoding, over https too.
        builder.Services.AddResponseCompression(options => options.EnableForHttps = true);

        var app = builder.Build();
        app.UseResponseCompression();
        app.UseMiddleware<FaultMiddleware>();
        services.Map(app);
        ControlApi.Map(app, services, ledger, faults, clock);
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
