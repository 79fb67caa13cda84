namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>Where the staged module, the simulator and the NuGet packages are, seen from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration this test project was built in (bin/{configuration}/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string StagedModule => Path.Combine(Root, "out", "ReleaseCmdlets", "ReleaseCmdlets.psd1");

    public static string Simulator => Path.Combine(Root, "tests", "ReleaseCmdlets.Simulator", "bin", Configuration, "net10.0", "ReleaseCmdlets.Simulator.dll");

    public static string NuGetPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// The Microsoft.Extensions.* assemblies of one version, as another module would ship them: the asset a .NET host
    /// would pick (net8.0, else net6.0, else netstandard2.1, else netstandard2.0).
    /// </summary>
    public static IReadOnlyList<string> MicrosoftExtensions(string version)
    {
        string[] frameworks = { "net8.0", "net6.0", "netstandard2.1", "netstandard2.0" };
        return Directory.GetDirectories(NuGetPackages, "microsoft.extensions.*")
            .Select(package => Path.Combine(package, version, "lib"))
            .Where(Directory.Exists)
            .Select(lib => frameworks.Select(framework => Path.Combine(lib, framework)).First(Directory.Exists))
            .SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ReleaseCmdlets.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("ReleaseCmdlets.sln not found above " + AppContext.BaseDirectory);
    }
}
