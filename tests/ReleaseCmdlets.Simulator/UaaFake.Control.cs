namespace ReleaseCmdlets.Simulator;

public sealed partial class UaaFake
{
    /// <summary>This fake's own endpoints under /_sim/uaa: its data, its switches, what it counted.</summary>
    public void MapControl(IEndpointRouteBuilder app)
    {
        app.MapPost("/_sim/uaa/sessions", (int? expiresIn, bool? clientCredentials) => Results.Json(
            clientCredentials == true ? NewClientSession(expiresIn ?? 1200) : NewSession(expiresIn ?? 1200)));
        app.MapPost("/_sim/uaa/revoke-access-tokens", () =>
        {
            RevokeAccessTokens();
            return Results.NoContent();
        });
        app.MapPost("/_sim/uaa/revoke-refresh-tokens", () =>
        {
            RevokeRefreshTokens();
            return Results.NoContent();
        });
        app.MapPost("/_sim/uaa/delay-ms/{milliseconds:int}", (int milliseconds) =>
        {
            Delay = TimeSpan.FromMilliseconds(milliseconds);
            return Results.NoContent();
        });
        app.MapGet("/_sim/uaa/refreshes", () => Results.Json(Refreshes));
    }
}
