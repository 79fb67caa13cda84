namespace ReleaseCmdlets.Tests.Commands.PipedShapes;

public sealed class CloudflareShapes : IPipedShapes
{
    private const string Build1 = "b0100000-0000-4000-8000-000000000001";

    public string Cmdlet => "Stop-CfBuild";

    public string Credentials => "-Url https://api.example.com -ApiToken t";

    public IEnumerable<(string Item, string Parameters)> Items =>
    [
        ("'" + Build1 + "'", "-AccountId a"),
        ("[pscustomobject]@{ build_uuid = '" + Build1 + "' }", "-AccountId a"),
        ("[pscustomobject]@{ BuildUuid = '" + Build1 + "'; AccountId = 'a' }", ""),
    ];
}
