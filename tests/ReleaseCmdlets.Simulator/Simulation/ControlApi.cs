namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// The simulator's own endpoints under /_sim, for tests and the demo: the request ledger, the fault switchboard,
/// resetting state, loading data, and stopping.
/// </summary>
public static class ControlApi
{
    public static void Map(WebApplication app, SimulatedServices services, Ledger ledger, FaultSwitchboard faults, SimulatorClock clock)
    {
        app.MapGet("/_sim/info", () => Results.Json(services.Credentials));
        app.MapGet("/_sim/environment", (HttpContext context) => Results.Json(services.Environment($"{context.Request.Scheme}://{context.Request.Host}")));
        app.MapGet("/_sim/requests", (string? path) => Results.Json(ledger.Entries(path)));
        app.MapDelete("/_sim/requests", () =>
        {
            ledger.Clear();
            return Results.NoContent();
        });
        app.MapPost("/_sim/faults", (FaultRule[] rules) =>
        {
            foreach (var rule in rules)
            {
                faults.Add(rule);
            }

            return Results.NoContent();
        });
        app.MapPost("/_sim/faults/seed/{seed:int}", (int seed) =>
        {
            faults.Seed(seed);
            return Results.NoContent();
        });
        app.MapPost("/_sim/latency/{minMs:int}/{maxMs:int}", (int minMs, int maxMs) =>
        {
            faults.SetLatency(minMs, maxMs);
            return Results.NoContent();
        });
        app.MapDelete("/_sim/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        app.MapPost("/_sim/reset", () =>
        {
            ledger.Clear();
            faults.Clear();
            clock.UseSystem();
            services.Reset();
            return Results.NoContent();
        });
        // Virtual time, for a test whose module runs on a virtual clock: set to the module's time, then moved with it a
        // step at a time: advance (the services held), the module's clock moved, release.
        app.MapPost("/_sim/clock/virtual/{unixMilliseconds:long}", (long unixMilliseconds) =>
        {
            clock.StartVirtual(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));
            return Results.NoContent();
        });
        app.MapPost("/_sim/clock/advance/{milliseconds:long}", async (long milliseconds) =>
        {
            await clock.AdvanceAsync(TimeSpan.FromMilliseconds(milliseconds));
            return Results.NoContent();
        });
        app.MapPost("/_sim/clock/release", () =>
        {
            clock.Release();
            return Results.NoContent();
        });
        app.MapPost("/_sim/shutdown", (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.NoContent();
        });

        app.MapPost("/_sim/ignore-filters/{on:bool}", (bool on) =>
        {
            services.IgnoreFilters(on);
            return Results.NoContent();
        });
    }
}
