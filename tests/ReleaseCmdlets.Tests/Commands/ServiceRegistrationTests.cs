using System.Reflection;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Tests.Loading;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// Each service registers itself once, in its own folder (<see cref="ServiceRegistration"/>), and what the docs say of
/// it is what it registers: a fifth service is checked here without an edit.
/// </summary>
public class ServiceRegistrationTests
{
    public static TheoryData<string> Providers => new(ServiceRegistrations.All.Select(service => service.Provider));

    [Fact]
    public void Each_service_registers_once_with_its_own_object_type_and_description()
    {
        var all = ServiceRegistrations.All;

        Assert.Equal(new[] { "BuildMaster", "CloudFoundry", "Cloudflare", "Baseten" }, all.Select(service => service.Provider));
        Assert.Equal(all.Count, all.Select(service => service.Added).Distinct().Count());
        Assert.All(all, service => Assert.Matches("^Get-[A-Z][A-Za-z]+$", service.ListCmdlet));
        Assert.Equal(all.Count, all.Select(service => service.ObjectType).Distinct().Count());
        Assert.Equal(all.Count, all.Select(service => service.Description.Name).Distinct().Count());
        Assert.All(all, service => Assert.Equal(service.Provider + "Registration", service.GetType().Name));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_variable_its_cmdlets_name_is_registered_and_in_the_about_topic(string provider)
    {
        ServiceRegistration service = Of(provider);
        // The variables the service's cmdlets declare (<Service>Cmdlet's *Variable constants).
        Type? cmdlet = typeof(ServiceRegistration).Assembly.GetType($"ReleaseCmdlets.Commands.{provider}Cmdlet");
        Assert.NotNull(cmdlet);
        var declared = cmdlet!.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.Name.EndsWith("Variable", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!);
        Assert.Empty(declared.Except(service.Variables));

        string about = File.ReadAllText(Path.Combine(DependencyResolverTests.RepoRoot(), "docs/help/about_ReleaseCmdlets.help.txt"));
        Assert.NotEmpty(service.Variables);
        Assert.All(service.Variables, variable => Assert.Contains(variable, about));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_README_rate_limit_table_says_none_documented_exactly_for_a_service_without_a_quota(string provider)
    {
        ServiceRegistration service = Of(provider);
        string row = File.ReadAllLines(Path.Combine(DependencyResolverTests.RepoRoot(), "README.md"))
            .SkipWhile(line => !line.StartsWith("| service | what is counted, and against whom |", StringComparison.Ordinal))
            .TakeWhile(line => line.StartsWith("|", StringComparison.Ordinal))
            .Single(line => line.StartsWith($"| {service.Description.Name} |", StringComparison.Ordinal));

        Assert.Equal(service.Description.Quota is null, row.Split('|')[2].Trim() == "none documented");
    }

    private static ServiceRegistration Of(string provider) => ServiceRegistrations.All.Single(service => service.Provider == provider);
}
