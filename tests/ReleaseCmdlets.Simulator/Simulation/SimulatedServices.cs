namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>The fake services, side by side; each maps its own endpoints and resets to its seeded data.</summary>
public sealed class SimulatedServices
{
    public BuildMasterFake BuildMaster { get; } = new();

    public SimulatedServices() => CloudFoundry = new CloudFoundryFake(Uaa);

    public UaaFake Uaa { get; } = new();

    public CloudFoundryFake CloudFoundry { get; }

    public CloudflareFake Cloudflare { get; } = new();

    public BasetenFake Baseten { get; } = new();

    public void Map(WebApplication app)
    {
        BuildMaster.Map(app);
        BuildMaster.MapControl(app);
        Uaa.Map(app);
        Uaa.MapControl(app);
        CloudFoundry.Map(app);
        CloudFoundry.MapControl(app);
        Cloudflare.Map(app);
        Cloudflare.MapControl(app);
        Baseten.Map(app);
        Baseten.MapControl(app);
    }

    /// <summary>Listings that ignore their filters (BuildMaster's releases, Cloud Controller's apps).</summary>
    public void IgnoreFilters(bool on)
    {
        BuildMaster.IgnoreFilters = on;
        CloudFoundry.IgnoreFilters = on;
    }

    public void Reset()
    {
        BuildMaster.Reset();
        Uaa.Reset();
        CloudFoundry.Reset();
        Cloudflare.Reset();
        Baseten.Reset();
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
        ["cloudflareAccountId"] = CloudflareFake.Account,
        ["cloudflareApiToken"] = CloudflareFake.ApiToken,
        ["cloudflareReadOnlyApiToken"] = CloudflareFake.ReadOnlyApiToken,
        ["cloudflareCiOnlyApiToken"] = CloudflareFake.CiOnlyApiToken,
        ["cloudflareEmail"] = CloudflareFake.Email,
        ["cloudflareApiKey"] = CloudflareFake.GlobalKey,
        ["basetenApiKey"] = BasetenFake.ApiKey,
    };

    /// <summary>The environment lines that point the module at this simulator.</summary>
    public static IEnumerable<string> EnvironmentLines(string url)
    {
        yield return $"$env:BUILDMASTER_URL = '{url}'";
        yield return $"$env:BUILDMASTER_API_KEY = '{BuildMasterFake.ApiKey}'";
        yield return $"$env:CLOUDFLARE_BASE_URL = '{url}/client/v4'";
        yield return $"$env:CLOUDFLARE_ACCOUNT_ID = '{CloudflareFake.Account}'";
        yield return $"$env:CLOUDFLARE_API_TOKEN = '{CloudflareFake.ApiToken}'";
        yield return $"$env:BASETEN_API_KEY = '{BasetenFake.ApiKey}'   # and pass -Url '{url}' to Stop-BasetenPromotion";
        yield return $"# Cloud Foundry reads no variables: pass -Url '{url}' -Token '{CloudFoundryFake.Token}' to Stop-CfDeployment";
    }
}
