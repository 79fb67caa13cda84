using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

public sealed partial class HostedModuleTests
{
    [Fact]
    public void Get_BmRelease_lists_every_release_as_typed_objects()
    {
        var (output, errors) = Run("Get-BmRelease -Url $url -ApiKey $buildMasterApiKey", host.Variables);

        Assert.Empty(errors);
        Assert.Equal(5, output.Count);
        Assert.All(output, item => Assert.Equal("ReleaseCmdlets.BuildMaster.BuildMasterRelease", TypeName(item)));
    }

    [Fact]
    public void Get_BmRelease_streams_a_large_listing()
    {
        host.Simulator.Post("/_sim/buildmaster/generate/20000");

        var (output, errors) = Run("$n = 0; Get-BmRelease -Url $url -ApiKey $buildMasterApiKey | ForEach-Object { $n++ }; $n", host.Variables);

        Assert.Empty(errors);
        Assert.Equal(20000, (int)Assert.Single(output).BaseObject);
    }

    [Fact]
    public void Get_BmRelease_piped_into_Stop_BmRelease_cancels_each_active_release()
    {
        var (output, errors) = Run(
            "$active = @(Get-BmRelease -Status active -Url $url -ApiKey $buildMasterApiKey); $active.Count; " +
            "$active | Stop-BmRelease -Url $url -ApiKey $buildMasterApiKey -Confirm:$false",
            host.Variables);

        Assert.Empty(errors);
        int active = (int)output[0].BaseObject;
        Assert.True(active > 1, "the simulator's seed has several active releases");
        Assert.Equal(active, output.Count - 1);
        Assert.All(output.Skip(1), release => Assert.Equal("canceled", Property(release, "Status")));
    }
}
