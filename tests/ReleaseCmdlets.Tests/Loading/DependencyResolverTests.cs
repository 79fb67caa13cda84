using System.Reflection;
using ReleaseCmdlets.Loading;

namespace ReleaseCmdlets.Tests.Loading;

/// <summary>
/// The Windows PowerShell 5.1 resolver's decisions, against the staged netstandard2.0 dependencies (it cannot run
/// here as it would on .NET Framework, but what it answers is the same function).
/// </summary>
public class DependencyResolverTests
{
    private static readonly string Module = Path.Combine(RepoRoot(), "out", "ReleaseCmdlets");
    private static readonly string Dependencies = Path.Combine(Module, "Dependencies", "netstandard2.0");
    private readonly DependencyResolver resolver = new(Module, Dependencies);
    private readonly string engine = Path.Combine(Dependencies, "ReleaseCmdlets.Engine.dll");

    [Fact]
    public void Answers_the_modules_own_request_with_its_file()
    {
        Assert.Equal(Path.Combine(Dependencies, "System.Text.Json.dll"), resolver.Choose(Name("System.Text.Json", "8.0.0.0"), engine));
        Assert.Equal(engine, resolver.Choose(Name("ReleaseCmdlets.Engine", null), Path.Combine(Module, "ReleaseCmdlets.dll")));
    }

    [Fact]
    public void Answers_an_older_request_with_the_newer_shipped_file()
    {
        // Microsoft.Extensions.* 8.0 ask for System.Runtime.CompilerServices.Unsafe 4.0.4.1 in places; 6.0.0.0 ships.
        Assert.NotNull(resolver.Choose(Name("System.Runtime.CompilerServices.Unsafe", "4.0.4.1"), engine));
    }

    [Fact]
    public void Finds_the_output_types_beside_the_cmdlets()
    {
        Assert.Equal(Path.Combine(Module, "ReleaseCmdlets.Models.dll"), resolver.Choose(Name("ReleaseCmdlets.Models", null), engine));
    }

    [Fact]
    public void Leaves_a_request_for_a_newer_version_than_it_ships_to_others()
    {
        Assert.Null(resolver.Choose(Name("System.Text.Json", "9.0.0.0"), engine));
    }

    [Fact]
    public void Leaves_other_modules_requests_alone()
    {
        string elsewhere = Path.Combine(Path.GetTempPath(), "OtherModule", "OtherModule.dll");
        Assert.Null(resolver.Choose(Name("System.Text.Json", "8.0.0.0"), elsewhere));
        Assert.Null(resolver.Choose(Name("System.Text.Json", "8.0.0.0"), null));
    }

    [Fact]
    public void Does_not_answer_for_what_it_does_not_ship_or_another_publisher_signed()
    {
        Assert.Null(resolver.Choose(Name("Newtonsoft.Json", "13.0.0.0"), engine));
        var forged = Name("System.Text.Json", "8.0.0.0");
        forged.SetPublicKeyToken(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        Assert.Null(resolver.Choose(forged, engine));
    }

    private static AssemblyName Name(string name, string? version)
    {
        var assembly = new AssemblyName(name);
        if (version is not null)
        {
            assembly.Version = Version.Parse(version);
        }

        return assembly;
    }

    internal static string RepoRoot()
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
