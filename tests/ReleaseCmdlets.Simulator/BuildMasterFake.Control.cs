namespace ReleaseCmdlets.Simulator;

public sealed partial class BuildMasterFake
{
    /// <summary>This fake's own endpoints under /_sim/buildmaster: its data, its switches, what it counted.</summary>
    public void MapControl(WebApplication app)
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
