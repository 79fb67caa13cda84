namespace ReleaseCmdlets.Tests.Commands.PipedShapes;

public sealed class BasetenShapes : IPipedShapes
{
    public string Cmdlet => "Stop-BasetenPromotion";

    public string Credentials => "-Url https://bt.example.com -ApiKey k";

    public IEnumerable<(string Item, string Parameters)> Items =>
    [
        ("'abc123xy'", ""),
        ("[pscustomobject]@{ ModelId = 'abc123xy'; Environment = 'staging' }", ""),
        ("[pscustomobject]@{ model_id = 'abc123xy'; env_name = 'staging' }", ""),
    ];
}
