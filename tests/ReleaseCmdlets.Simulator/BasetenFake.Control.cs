namespace ReleaseCmdlets.Simulator;

public sealed partial class BasetenFake
{
    /// <summary>This fake's own endpoints under /_sim/baseten: its data, its switches, what it counted.</summary>
    public void MapControl(WebApplication app)
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
    }
}
