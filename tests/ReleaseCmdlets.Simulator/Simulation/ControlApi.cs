namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// The simulator's own endpoints under /_sim, for tests and the demo: the request ledger, the fault switchboard,
/// resetting state, loading data, and stopping.
/// </summary>
public static class ControlApi
{
    public static void Map(WebApplication app, SimulatedServices services, Ledger ledger, FaultSwitchboard faults)
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
            services.Reset();
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
