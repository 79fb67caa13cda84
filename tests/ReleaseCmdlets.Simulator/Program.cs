using ReleaseCmdlets.Simulator.Simulation;

// The ReleaseCmdlets service simulator: fake BuildMaster, Cloud Foundry, Cloudflare and Baseten APIs on one loopback
// port, with a request ledger and fault injection under /_sim. Started alone it prints its URL and the environment
// lines that point the module at it.
var builder = WebApplication.CreateSlimBuilder(args);
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
string url = app.Urls.First();
Console.WriteLine($"SIMULATOR_URL={url}");
Console.WriteLine("Point ReleaseCmdlets at the simulator with:");
foreach (string line in SimulatedServices.EnvironmentLines(url))
{
    Console.WriteLine("  " + line);
}

Console.WriteLine("Ctrl+C or POST /_sim/shutdown stops it.");
Console.Out.Flush();
await app.WaitForShutdownAsync();
