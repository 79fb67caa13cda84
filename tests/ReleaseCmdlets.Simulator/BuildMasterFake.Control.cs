using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Simulator;

public sealed partial class BuildMasterFake : ISimulatedService
{
    public IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string> { ["buildMasterApiKey"] = ApiKey };

    public IReadOnlyDictionary<string, string> Environment(string url) =>
        new Dictionary<string, string> { ["BUILDMASTER_URL"] = url, ["BUILDMASTER_API_KEY"] = ApiKey };

    void ISimulatedService.IgnoreFilters(bool on) => IgnoreFilters = on;

    /// <summary>This fake's own endpoints under /_sim/buildmaster: its data, its switches, what it counted.</summary>
    public void MapControl(IEndpointRouteBuilder app)
    {
        app.MapGet("/_sim/buildmaster/releases", () => Results.Json(Snapshot()));
        app.MapPost("/_sim/buildmaster/releases", (FakeRelease[] releases, bool? replace) =>
        {
            Load(releases, replace ?? false);
            return Results.NoContent();
        });
        app.MapPost("/_sim/buildmaster/generate/{count:int}", (int count) =>
        {
            Generate(count);
            return Results.NoContent();
        });
    }
}
