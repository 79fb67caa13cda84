using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

public sealed partial class HostedModuleTests
{
    [Fact]
    public void Stop_CfBuild_cancels_a_Cloudflare_build()
    {
        var (output, errors) = Run(
            "Stop-CfBuild -BuildUuid b0100000-0000-4000-8000-000000000001 -Url \"$url/client/v4\" -AccountId $cloudflareAccountId -ApiToken $cloudflareApiToken -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        PSObject build = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.Cloudflare.CloudflareBuild", TypeName(build));
        Assert.Equal("cancelled", Property(build, "Status"));
    }

    [Fact]
    public void Get_CfBuild_piped_into_Stop_CfBuild_cancels_what_was_listed()
    {
        var (output, errors) = Run(
            "Get-CfBuild my-worker -Branch main -Url \"$url/client/v4\" -AccountId $cloudflareAccountId -ApiToken $cloudflareApiToken | " +
            "Stop-CfBuild -Url \"$url/client/v4\" -ApiToken $cloudflareApiToken -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        Assert.Equal(3, output.Count);
        Assert.All(output, build => Assert.Equal("cancelled", Property(build, "Status")));
    }
}
