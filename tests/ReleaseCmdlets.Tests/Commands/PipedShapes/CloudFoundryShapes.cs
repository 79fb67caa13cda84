namespace ReleaseCmdlets.Tests.Commands.PipedShapes;

public sealed class CloudFoundryShapes : IPipedShapes
{
    private const string Guid1 = "de900000-0000-4000-8000-000000000001";

    public string Cmdlet => "Stop-CfDeployment";

    public string Credentials => "-Url https://api.example.com -Token t";

    // What ConvertFrom-Json makes of `cf curl /v3/deployments` resources included.
    public IEnumerable<(string Item, string Parameters)> Items =>
    [
        ("'" + Guid1 + "'", ""),
        ("[guid]'" + Guid1 + "'", ""),
        ("[pscustomobject]@{ DeploymentGuid = '" + Guid1 + "' }", ""),
        ("[pscustomobject]@{ guid = '" + Guid1 + "'; state = 'DEPLOYING' }", ""),
        ("[pscustomobject]@{ guid = '" + Guid1 + "'; status = [pscustomobject]@{ value = 'ACTIVE' } }", ""),
        ("[pscustomobject]@{ AppGuid = 'a9900000-0000-4000-8000-000000000001' }", ""),
        ("[pscustomobject]@{ AppName = 'web'; SpaceGuid = '5a7e0000-0000-4000-8000-000000000001' }", ""),
    ];
}
