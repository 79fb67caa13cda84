using System.Management.Automation;
using static ReleaseCmdlets.Hosting.Tests.HostedEngine;

namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>
/// Every cmdlet of the staged module in this host's engine, over HTTP to the simulator: each service's facts are in
/// HostedModuleTests.&lt;Service&gt;.cs, what is common to all here.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class HostedModuleTests
{
    private readonly HostFixture host;

    public HostedModuleTests(HostFixture host)
    {
        this.host = host;
        host.Simulator.Reset();
    }

    [Fact]
    public void A_service_failure_is_the_modules_own_error_record()
    {
        var (output, errors) = Run("Stop-BmRelease -ReleaseId 999 -Url $url -ApiKey $buildMasterApiKey -Confirm:$false", host.Variables);

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
