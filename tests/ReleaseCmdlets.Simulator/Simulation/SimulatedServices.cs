namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>The fake services, side by side; each maps its own endpoints and resets to its seeded data.</summary>
public sealed class SimulatedServices
{
    public BuildMasterFake BuildMaster { get; } = new();

    public CloudFoundryFake CloudFoundry { get; } = new();

    public void Map(WebApplication app)
    {
        BuildMaster.Map(app);
        CloudFoundry.Map(app);
    }

    public void Reset()
    {
        BuildMaster.Reset();
        CloudFoundry.Reset();
    }

    /// <summary>The credentials the fakes accept, for tests and the demo.</summary>
    public static Dictionary<string, string> Credentials => new()
    {
        ["buildMasterApiKey"] = BuildMasterFake.ApiKey,
        ["cloudFoundryToken"] = CloudFoundryFake.Token,
        ["cloudFoundryExpiredToken"] = CloudFoundryFake.ExpiredToken,
        ["cloudFoundryAuditorToken"] = CloudFoundryFake.AuditorToken,
        ["cloudFoundryReadOnlyToken"] = CloudFoundryFake.ReadOnlyToken,
        ["cloudFoundrySpaceGuid"] = CloudFoundryFake.Space.ToString(),
    };

    /// <summary>The environment lines that point the module at this simulator.</summary>
    public static IEnumerable<string> EnvironmentLines(string url)
    {
        yield return $"$env:BUILDMASTER_URL = '{url}'";
        yield return $"$env:BUILDMASTER_API_KEY = '{BuildMasterFake.ApiKey}'";
        yield return $"Stop-CfDeployment -Url '{url}' -Token '{CloudFoundryFake.Token}' ...   # Cloud Foundry has no URL/token variables; or a cf CLI config";
    }
}
