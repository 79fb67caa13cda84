using System.Management.Automation;
using System.Reflection;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Tests.Loading;

/// <summary>What keeps the two builds of the engine interchangeable, and the handler fit for Windows PowerShell 5.1.</summary>
public class LoadingSurfaceTests
{
    [Fact]
    public void The_cmdlets_reference_no_polyfill_or_dependency_of_the_engine()
    {
        // The netstandard2.0 cmdlets run against the net8.0 engine on PowerShell 7: a polyfill type in between
        // (IAsyncEnumerable from Microsoft.Bcl.AsyncInterfaces, ValueTask, System.Text.Json) would not be the same type.
        var referenced = typeof(ServiceCmdlet).Assembly.GetReferencedAssemblies().Select(name => name.Name).OrderBy(name => name);

        Assert.Equal(new[] { "netstandard", "ReleaseCmdlets.Engine", "ReleaseCmdlets.Models", "System.Management.Automation" }, referenced);
    }

    [Fact]
    public void The_handler_allows_as_many_connections_per_server_as_the_largest_ThrottleLimit()
    {
        int largestThrottleLimit = (int)typeof(StopBmReleaseCommand).GetProperty(nameof(StopBmReleaseCommand.ThrottleLimit))!
            .GetCustomAttribute<ValidateRangeAttribute>()!.MaxRange;

        using var verified = HttpStack.CreatePrimaryHandler(skipCertificateCheck: false);
        using var unverified = HttpStack.CreatePrimaryHandler(skipCertificateCheck: true);

        Assert.Equal(largestThrottleLimit, verified.MaxConnectionsPerServer);
        Assert.Equal(largestThrottleLimit, unverified.MaxConnectionsPerServer);
    }
}
