using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Simulator;

public sealed partial class CloudFoundryFake : ISimulatedService
{
    public IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string>
    {
        ["cloudFoundryToken"] = Token,
        ["cloudFoundryExpiredToken"] = ExpiredToken,
        ["cloudFoundryAuditorToken"] = AuditorToken,
        ["cloudFoundryReadOnlyToken"] = ReadOnlyToken,
        ["cloudFoundrySpaceGuid"] = Space.ToString(),
    };

    /// <summary>Cloud Foundry's cmdlets read no variables of their own (the cf CLI's config instead).</summary>
    public IReadOnlyDictionary<string, string> Environment(string url) => new Dictionary<string, string>();

    public string? Note(string url) => $"Cloud Foundry reads no variables: pass -Url '{url}' -Token '{Token}' to Stop-CfDeployment";

    void ISimulatedService.IgnoreFilters(bool on) => IgnoreFilters = on;

    /// <summary>This fake's own endpoints under /_sim/cloudfoundry: its data, its switches, what it counted.</summary>
    public void MapControl(IEndpointRouteBuilder app)
    {
        Uaa.MapControl(app);
        app.MapPost("/_sim/cloudfoundry/apps", (FakeApp[] apps) =>
        {
            LoadApps(apps);
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudfoundry/deployments", () => Results.Json(Snapshot()));
        app.MapPost("/_sim/cloudfoundry/deployments", (FakeDeployment[] deployments) =>
        {
            Load(deployments);
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudfoundry/cancel-delay/{milliseconds:int}", (int milliseconds) =>
        {
            CancelDelay = TimeSpan.FromMilliseconds(milliseconds);
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudfoundry/apps/{name}/{count:int}", (string name, int count) =>
        {
            AddApps(name, count);
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudfoundry/rate-limit", () => Results.Json(new { refused = Refused }));
        app.MapPost("/_sim/cloudfoundry/rate-limit/{requests:int}/{seconds:int}", (int requests, int seconds) =>
        {
            LimitRate(requests, requests, TimeSpan.FromSeconds(seconds), 1);
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudfoundry/rate-limit/{perProcess:int}/{global:int}/{seconds:int}/{processes:int}", (int perProcess, int global, int seconds, int processes) =>
        {
            LimitRate(perProcess, global, TimeSpan.FromSeconds(seconds), processes);
            return Results.NoContent();
        });
    }
}
