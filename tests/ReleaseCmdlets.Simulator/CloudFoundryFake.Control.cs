namespace ReleaseCmdlets.Simulator;

public sealed partial class CloudFoundryFake
{
    /// <summary>This fake's own endpoints under /_sim/cloudfoundry: its data, its switches, what it counted.</summary>
    public void MapControl(WebApplication app)
    {
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
            LimitRate(requests, TimeSpan.FromSeconds(seconds));
            return Results.NoContent();
        });
    }
}
