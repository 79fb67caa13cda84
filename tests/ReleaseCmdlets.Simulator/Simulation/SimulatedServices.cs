namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>The fake services, side by side; each maps its own endpoints and resets to its seeded data.</summary>
public sealed class SimulatedServices
{
    public BuildMasterFake BuildMaster { get; } = new();

    public void Map(WebApplication app)
    {
        BuildMaster.Map(app);
    }

    public void Reset()
    {
        BuildMaster.Reset();
    }

    /// <summary>The credentials the fakes accept, for tests and the demo.</summary>
    public static Dictionary<string, string> Credentials => new()
    {
        ["buildMasterApiKey"] = BuildMasterFake.ApiKey,
    };

    /// <summary>The environment lines that point the module at this simulator.</summary>
    public static IEnumerable<string> EnvironmentLines(string url)
    {
        yield return $"$env:BUILDMASTER_URL = '{url}'";
        yield return $"$env:BUILDMASTER_API_KEY = '{BuildMasterFake.ApiKey}'";
    }
}
