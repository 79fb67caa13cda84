using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

public sealed partial class HostedModuleTests
{
    [Fact]
    public void Stop_BasetenPromotion_cancels_a_promotion()
    {
        var (output, errors) = Run("Stop-BasetenPromotion -ModelId abc123xy -Url $url -ApiKey $basetenApiKey -Confirm:$false", host.Variables);

        Assert.Empty(errors);
        PSObject promotion = Assert.Single(output);
        Assert.Equal("ReleaseCmdlets.Baseten.BasetenPromotion", TypeName(promotion));
        Assert.Equal("CANCELED", Property(promotion, "Status"));
    }

    [Fact]
    public void Get_BasetenPromotion_piped_into_Stop_BasetenPromotion_cancels_what_was_listed()
    {
        var (output, errors) = Run(
            "Get-BasetenPromotion abc123xy -Url $url -ApiKey $basetenApiKey | Stop-BasetenPromotion -Url $url -ApiKey $basetenApiKey -Confirm:$false", host.Variables);

        Assert.Empty(errors);
        Assert.Equal(2, output.Count);
        Assert.All(output, promotion => Assert.Equal("CANCELED", Property(promotion, "Status")));
    }
}
