using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>Every cmdlet of the staged module in this host's engine, over HTTP to the simulator.</summary>
[Collection(HostCollection.Name)]
public sealed class HostedModuleTests
{
    private readonly HostFixture host;

    public HostedModuleTests(HostFixture host)
    {
        this.host = host;
        host.Simulator.Reset();
    }

    [Fact]
    public void Get_BmRelease_lists_every_release_as_typed_objects()
    {
        var (output, errors) = Run("Get-BmRelease -Url $url -ApiKey $bmKey", host.Variables);

        Assert.Empty(errors);
        Assert.Equal(5, output.Count);
        Assert.All(output, item => Assert.Equal("ReleaseCmdlets.BuildMaster.BuildMasterRelease", TypeName(item)));
    }

    [Fact]
    public void Get_BmRelease_streams_a_large_listing()
    {
        host.Simulator.Post("/_sim/buildmaster/generate/20000");

        var (output, errors) = Run("$n = 0; Get-BmRelease -Url $url -ApiKey $bmKey | ForEach-Object { $n++ }; $n", host.Variables);

        Assert.Empty(errors);
        Assert.Equal(20000, (int)Assert.Single(output).BaseObject);
    }

    [Fact]
    public void Get_BmRelease_piped_into_Stop_BmRelease_cancels_each_active_release()
    {
        var (output, errors) = Run(
            "$active = @(Get-BmRelease -Status active -Url $url -ApiKey $bmKey); $active.Count; " +
            "$active | Stop-BmRelease -Url $url -ApiKey $bmKey -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        int active = (int)output[0].BaseObject;
        Assert.True(active > 1, "the simulator's seed has several active releases");
        Assert.Equal(active, output.Count - 1);
        Assert.All(output.Skip(1), release => Assert.Equal("canceled", Property(release, "Status")));
    }

    [Fact]
    public void Stop_CfDeployment_cancels_a_Cloud_Foundry_deployment()
    {
        var (output, errors) = Run(
            "Stop-CfDeployment -DeploymentGuid de900000-0000-4000-8000-000000000001 -Url $url -Token $cfToken -Confirm:$false", host.Variables);

        Assert.Empty(errors);
        PSObject deployment = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.CloudFoundry.CloudFoundryDeployment", TypeName(deployment));
        Assert.Equal("CANCELING", Property(deployment, "Status"));
    }

    [Fact]
    public void Stop_CfBuild_cancels_a_Cloudflare_build()
    {
        var (output, errors) = Run(
            "Stop-CfBuild -BuildUuid b0100000-0000-4000-8000-000000000001 -Url \"$url/client/v4\" -AccountId $cfAccount -ApiToken $cfApiToken -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        PSObject build = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.Cloudflare.CloudflareBuild", TypeName(build));
        Assert.Equal("cancelled", Property(build, "Status"));
    }

    [Fact]
    public void Stop_BasetenPromotion_cancels_a_promotion()
    {
        var (output, errors) = Run("Stop-BasetenPromotion -ModelId abc123xy -Url $url -ApiKey $btKey -Confirm:$false", host.Variables);

        Assert.Empty(errors);
        PSObject promotion = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.Baseten.BasetenPromotion", TypeName(promotion));
        Assert.Equal("CANCELED", Property(promotion, "Status"));
    }

    [Fact]
    public void Get_CfDeployment_piped_into_Stop_CfDeployment_cancels_what_was_listed()
    {
        var (output, errors) = Run(
            "Get-CfDeployment -AppGuid a9900000-0000-4000-8000-000000000001 -Url $url -Token $cfToken | Stop-CfDeployment -Url $url -Token $cfToken -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        PSObject deployment = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.CloudFoundry.CloudFoundryDeployment", TypeName(deployment));
        Assert.Equal("CANCELING", Property(deployment, "Status"));
    }

    [Fact]
    public void Get_CfBuild_piped_into_Stop_CfBuild_cancels_what_was_listed()
    {
        var (output, errors) = Run(
            "Get-CfBuild my-worker -Branch main -Url \"$url/client/v4\" -AccountId $cfAccount -ApiToken $cfApiToken | " +
            "Stop-CfBuild -Url \"$url/client/v4\" -ApiToken $cfApiToken -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        Assert.Equal(3, output.Count);
        Assert.All(output, build => Assert.Equal("cancelled", Property(build, "Status")));
    }

    [Fact]
    public void Get_BasetenPromotion_piped_into_Stop_BasetenPromotion_cancels_what_was_listed()
    {
        var (output, errors) = Run(
            "Get-BasetenPromotion abc123xy -Url $url -ApiKey $btKey | Stop-BasetenPromotion -Url $url -ApiKey $btKey -Confirm:$false", host.Variables);

        Assert.Empty(errors);
        Assert.Equal(2, output.Count);
        Assert.All(output, promotion => Assert.Equal("CANCELED", Property(promotion, "Status")));
    }

    [Fact]
    public void A_service_failure_is_the_modules_own_error_record()
    {
        var (output, errors) = Run("Stop-BmRelease -ReleaseId 999 -Url $url -ApiKey $bmKey -Confirm:$false", host.Variables);

        Assert.Empty(output);
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("ReleaseNotFound,ReleaseCmdlets.Commands.StopBmReleaseCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Another_modules_Microsoft_Extensions_and_ours_both_work_in_one_process()
    {
        Assert.Equal(IsolationPlan.Expected, host.IsolationLines);
    }
}
