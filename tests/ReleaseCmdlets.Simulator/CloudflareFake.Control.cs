namespace ReleaseCmdlets.Simulator;

public sealed partial class CloudflareFake
{
    /// <summary>This fake's own endpoints under /_sim/cloudflare: its data, its switches, what it counted.</summary>
    public void MapControl(WebApplication app)
    {
        app.MapGet("/_sim/cloudflare/builds", () => Results.Json(Snapshot()));
        app.MapPost("/_sim/cloudflare/builds", (FakeBuild[] builds) =>
        {
            Load(builds);
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudflare/stopped-cancel/{status:int}/{code:int}", (int status, int code) =>
        {
            StoppedCancel = (status, code, status == 404 ? "Not found" : "Build is not running");
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudflare/rate-limit/{requests:int}/{seconds:int}", (int requests, int seconds) =>
        {
            LimitRate(requests, TimeSpan.FromSeconds(seconds));
            return Results.NoContent();
        });
        app.MapGet("/_sim/cloudflare/rate-limit", () => Results.Json(new { refused = Refused }));
        app.MapPost("/_sim/cloudflare/scripts", (FakeScript[] scripts) =>
        {
            LoadScripts(scripts);
            return Results.NoContent();
        });
    }
}
