using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Simulator;

public sealed partial class BasetenFake : ISimulatedService
{
    public IReadOnlyDictionary<string, string> Credentials => new Dictionary<string, string> { ["basetenApiKey"] = ApiKey };

    public IReadOnlyDictionary<string, string> Environment(string url) => new Dictionary<string, string> { ["BASETEN_BASE_URL"] = url, ["BASETEN_API_KEY"] = ApiKey };

    public string? Note(string url) => null;

    /// <summary>This fake's own endpoints under /_sim/baseten: its data, its switches, what it counted.</summary>
    public void MapControl(IEndpointRouteBuilder app)
    {
        app.MapPost("/_sim/baseten/models", (FakeModel[] models) =>
        {
            LoadModels(models);
            return Results.NoContent();
        });
        app.MapGet("/_sim/baseten/environments", () => Results.Json(Snapshot()));
        app.MapPost("/_sim/baseten/environments", (FakeEnvironment[] environments) =>
        {
            Load(environments);
            return Results.NoContent();
        });
        app.MapPost("/_sim/baseten/rollback-ms/{milliseconds:int}", (int milliseconds) =>
        {
            RollbackDuration = TimeSpan.FromMilliseconds(milliseconds);
            return Results.NoContent();
        });
        app.MapPost("/_sim/baseten/rollback-ends", () =>
        {
            EndRollbacks();
            return Results.NoContent();
        });
    }
}
