using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Simulator;

public sealed partial class CloudflareFake : ISimulatedService
{
    public IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string>
    {
        ["cloudflareAccountId"] = Account,
        ["cloudflareApiToken"] = ApiToken,
        ["cloudflareReadOnlyApiToken"] = ReadOnlyApiToken,
        ["cloudflareCiOnlyApiToken"] = CiOnlyApiToken,
        ["cloudflareEmail"] = Email,
        ["cloudflareApiKey"] = GlobalKey,
    };

    public IReadOnlyDictionary<string, string> Environment(string url) => new Dictionary<string, string>
    {
        ["CLOUDFLARE_BASE_URL"] = url + "/client/v4",
        ["CLOUDFLARE_ACCOUNT_ID"] = Account,
        ["CLOUDFLARE_API_TOKEN"] = ApiToken,
    };

    /// <summary>This fake's own endpoints under /_sim/cloudflare: its data, its switches, what it counted.</summary>
    public void MapControl(IEndpointRouteBuilder app)
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
            LimitRate(("default", requests, TimeSpan.FromSeconds(seconds)));
            return Results.NoContent();
        });
        app.MapPost("/_sim/cloudflare/rate-limit/{requests:int}/{seconds:int}/{burstRequests:int}/{burstSeconds:int}", (int requests, int seconds, int burstRequests, int burstSeconds) =>
        {
            LimitRate(("default", requests, TimeSpan.FromSeconds(seconds)), ("burst", burstRequests, TimeSpan.FromSeconds(burstSeconds)));
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
