namespace ReleaseCmdlets.Hosting.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "hosted engine";
}

/// <summary>
/// One simulator for the host, and the isolation sequence of this host (<see cref="IsolationPlan"/>), run first of
/// all: another module's Microsoft.Extensions.* can only be loaded into a process's default context once.
/// </summary>
public sealed class HostFixture : IDisposable
{
    public HostFixture()
    {
        Simulator = new SimulatorProcess();
        IsolationLines = IsolationPlan.Run(this);
    }

    public SimulatorProcess Simulator { get; }

    public IReadOnlyList<string> IsolationLines { get; }

    /// <summary>The simulator's URL as $url, and every credential it accepts under its own name ($buildMasterApiKey, …).</summary>
    public Dictionary<string, object?> Variables
    {
        get
        {
            var variables = Simulator.Credentials.ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
            variables["url"] = Simulator.Url;
            return variables;
        }
    }

    /// <summary>What "another module" does in the isolation sequences: load its own copies and build an HttpClient factory.</summary>
    public static string LoadOtherModule(string version) =>
        string.Join("; ", RepoPaths.MicrosoftExtensions(version).Select(path => $"$null = [System.Reflection.Assembly]::LoadFrom('{path}')"));

    public const string UseOtherModule =
        "$s = [Microsoft.Extensions.DependencyInjection.ServiceCollection]::new(); " +
        "$null = [Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions]::AddHttpClient($s); " +
        "$f = [Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions]::BuildServiceProvider($s).GetService([System.Net.Http.IHttpClientFactory]); " +
        "'other:' + ($null -ne $f.CreateClient('x')) + ':' + [Microsoft.Extensions.DependencyInjection.ServiceCollection].Assembly.GetName().Version";

    public const string UseOurs =
        "Import-Module $module -ErrorAction Stop; 'ours:' + @(Get-BmRelease -Url $url -ApiKey $buildMasterApiKey).Count";

    public const string LoadedVersions =
        "'loaded:' + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Extensions.Http' } | " +
        "ForEach-Object { $_.GetName().Version.ToString() }) -join ',')";

    public IReadOnlyList<string> RunWithoutImport(string script)
    {
        var variables = Variables;
        variables["module"] = RepoPaths.StagedModule;
        var (output, errors) = HostedEngine.Run(script, variables, importModule: false);
        return output.Select(item => $"{item}").Concat(errors.Select(error => "error:" + error)).ToList();
    }

    public void Dispose() => Simulator.Dispose();
}
