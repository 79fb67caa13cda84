using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

public sealed partial class HostedModuleTests
{
    [Fact]
    public void Stop_CfDeployment_cancels_a_Cloud_Foundry_deployment()
    {
        var (output, errors) = Run(
            "Stop-CfDeployment -DeploymentGuid de900000-0000-4000-8000-000000000001 -Url $url -Token $cloudFoundryToken -Confirm:$false", host.Variables);

        Assert.Empty(errors);
        PSObject deployment = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.CloudFoundry.CloudFoundryDeployment", TypeName(deployment));
        Assert.Equal("CANCELING", Property(deployment, "Status"));
    }

    [Fact]
    public void Get_CfDeployment_piped_into_Stop_CfDeployment_cancels_what_was_listed()
    {
        var (output, errors) = Run(
            "Get-CfDeployment -AppGuid a9900000-0000-4000-8000-000000000001 -Url $url -Token $cloudFoundryToken | Stop-CfDeployment -Url $url -Token $cloudFoundryToken -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        PSObject deployment = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.CloudFoundry.CloudFoundryDeployment", TypeName(deployment));
        Assert.Equal("CANCELING", Property(deployment, "Status"));
    }
}
