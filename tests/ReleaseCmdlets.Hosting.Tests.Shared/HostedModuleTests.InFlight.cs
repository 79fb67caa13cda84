using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

public sealed partial class HostedModuleTests
{
    [Fact]
    public void Everything_listed_in_flight_is_stopped_by_Stop_InFlightRelease_with_the_credentials_it_was_listed_with()
    {
        var (output, errors) = Run(
            "$listed = @(" +
            "Get-BmRelease -Url $url -ApiKey $buildMasterApiKey -Status active; " +
            "Get-CfDeployment -Url $url -Token $cloudFoundryToken; " +
            "Get-CfBuild -Url \"$url/client/v4\" -AccountId $cloudflareAccountId -ApiToken $cloudflareApiToken; " +
            "Get-BasetenPromotion -Url $url -ApiKey $basetenApiKey); " +
            "$listed | Stop-InFlightRelease -ThrottleLimit 4 -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        Assert.Equal(16, output.Count);
        Assert.Equal(
            new[] { "BuildMaster", "CloudFoundry", "Cloudflare", "Baseten" },
            output.Select(item => (string)Property(item, "Provider")!).Distinct());
        Assert.All(output, item => Assert.StartsWith(host.Simulator.Url, (string)Property(item, "ServiceUrl")!));
    }

    [Fact]
    public void Stop_InFlightRelease_refuses_an_object_that_is_not_the_module_s_own()
    {
        var (output, errors) = Run("[pscustomobject]@{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' } | Stop-InFlightRelease -Confirm:$false", host.Variables);

        Assert.Empty(output);
        Assert.StartsWith("UnrelatedInputObject,", Assert.Single(errors).FullyQualifiedErrorId);
    }
}
