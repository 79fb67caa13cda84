using ReleaseCmdlets.Simulator;

// The ReleaseCmdlets service simulator: fake BuildMaster, Cloud Foundry, Cloudflare and Baseten APIs on one loopback
// port, with a request ledger and fault injection under /_sim. Started alone it prints its URL and the environment
// lines that point the module at it. With --responder it is instead the benchmarks' fast, stateless responder.
if (args.Contains("--responder"))
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    var serving = FastResponder.RunAsync(stop.Token);
    await Task.WhenAny(serving, Task.Run(() => Console.In.ReadToEnd()));
    stop.Cancel();
    return;
}

await using var host = await SimulatorHost.StartAsync(args);
Console.WriteLine($"SIMULATOR_URL={host.Url}");
Console.WriteLine($"SIMULATOR_HTTPS_URL={host.HttpsUrl}   (self-signed certificate)");
Console.WriteLine("Point ReleaseCmdlets at the simulator with:");
foreach (string line in host.Services.EnvironmentLines(host.Url))
{
    Console.WriteLine("  " + line);
}

Console.WriteLine("Ctrl+C or POST /_sim/shutdown stops it.");
Console.Out.Flush();
await host.WaitForShutdownAsync();
