namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// The simulator's own endpoints under /_sim, for tests and the demo: the request ledger, the fault switchboard,
/// resetting state, loading data, and stopping.
/// </summary>
public static class ControlApi
{
    public static void Map(WebApplication app, SimulatedServices services, Ledger ledger, FaultSwitchboard faults)
    {
        app.MapGet("/_sim/info", () => Results.Json(SimulatedServices.Credentials));
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
        app.MapPost("/_sim/cloudfoundry/apps", (FakeApp[] apps) =>
        {
            services.CloudFoundry.LoadApps(apps);
            return Results.NoContent();
        });
        app.MapGet("/_sim/buildmaster/releases", () => Results.Json(services.BuildMaster.Snapshot()));
        app.MapPost("/_sim/buildmaster/releases", (FakeRelease[] releases, bool? replace) =>
        {
            services.BuildMaster.Load(releases, replace ?? false);
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudfoundry/deployments", () => Results.Json(services.CloudFoundry.Snapshot()));
        app.MapPost("/_sim/cloudfoundry/deployments", (FakeDeployment[] deployments) =>
        {
            services.CloudFoundry.Load(deployments);
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudfoundry/cancel-delay/{milliseconds:int}", (int milliseconds) =>
        {
            services.CloudFoundry.CancelDelay = TimeSpan.FromMilliseconds(milliseconds);
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudflare/builds", () => Results.Json(services.Cloudflare.Snapshot()));
        app.MapPost("/_sim/cloudflare/builds", (FakeBuild[] builds) =>
        {
            services.Cloudflare.Load(builds);
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudflare/stopped-cancel/{status:int}/{code:int}", (int status, int code) =>
        {
            services.Cloudflare.StoppedCancel = (status, code, status == 404 ? "Not found" : "Build is not running");
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudflare/rate-limit/{requests:int}/{seconds:int}", (int requests, int seconds) =>
        {
            services.Cloudflare.LimitRate(requests, TimeSpan.FromSeconds(seconds));
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudflare/rate-limit", () => Results.Json(new { refused = services.Cloudflare.Refused }));
        app.MapPost("/_sim/cloudflare/scripts", (FakeScript[] scripts) =>
        {
            services.Cloudflare.LoadScripts(scripts);
            return Results.NoContent();
        });
        app.MapPost("/_sim/baseten/models", (FakeModel[] models) =>
        {
            services.Baseten.LoadModels(models);
            return Results.NoContent();
        });
        app.MapGet("/_sim/baseten/environments", () => Results.Json(services.Baseten.Snapshot()));
        app.MapPost("/_sim/baseten/environments", (FakeEnvironment[] environments) =>
        {
            services.Baseten.Load(environments);
            return Results.NoContent();
        });
        app.MapPost("/_sim/uaa/sessions", (int? expiresIn, bool? clientCredentials) => Results.Json(
            clientCredentials == true ? services.Uaa.NewClientSession(expiresIn ?? 1200) : services.Uaa.NewSession(expiresIn ?? 1200)));
        app.MapPost("/_sim/uaa/revoke-access-tokens", () =>
        {
            services.Uaa.RevokeAccessTokens();
            return Results.NoContent();
        });
        app.MapPost("/_sim/uaa/revoke-refresh-tokens", () =>
        {
            services.Uaa.RevokeRefreshTokens();
            return Results.NoContent();
        });
        app.MapPost("/_sim/uaa/delay-ms/{milliseconds:int}", (int milliseconds) =>
        {
            services.Uaa.Delay = TimeSpan.FromMilliseconds(milliseconds);
            return Results.NoContent();
        });
        app.MapGet("/_sim/uaa/refreshes", () => Results.Json(services.Uaa.Refreshes));
        app.MapPost("/_sim/cloudfoundry/apps/{name}/{count:int}", (string name, int count) =>
        {
            services.CloudFoundry.AddApps(name, count);
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudfoundry/rate-limit", () => Results.Json(new { refused = services.CloudFoundry.Refused }));
        app.MapPost("/_sim/cloudfoundry/rate-limit/{requests:int}/{seconds:int}", (int requests, int seconds) =>
        {
            services.CloudFoundry.LimitRate(requests, TimeSpan.FromSeconds(seconds));
            return Results.NoContent();
        });
        app.MapPost("/_sim/baseten/rollback-ms/{milliseconds:int}", (int milliseconds) =>
        {
            services.Baseten.RollbackDuration = TimeSpan.FromMilliseconds(milliseconds);
            return Results.NoContent();
        });
        app.MapPost("/_sim/buildmaster/generate/{count:int}", (int count) =>
        {
            services.BuildMaster.Generate(count);
            return Results.NoContent();
        });
    }
}
