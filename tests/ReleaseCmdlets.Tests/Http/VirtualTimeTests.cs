using Microsoft.Extensions.Time.Testing;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;
using ReleaseCmdlets.Tests.Clients;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>Retries and time limits of the shared stack on a virtual clock, over real HTTP to the simulator.</summary>
public class VirtualTimeTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    public VirtualTimeTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    private CloudflareClient Cloudflare(int timeoutSeconds = 100) =>
        new(new Uri(simulator.Url, "client/v4"), CloudflareCredential.ApiToken(Secret.FromPlainText(CloudflareFake.ApiToken)),
            new RequestSettings { Clock = clock, Timeout = TimeSpan.FromSeconds(timeoutSeconds) });

    [Fact]
    public async Task A_Retry_After_of_a_minute_is_waited_on_the_clock_not_in_real_time()
    {
        simulator.Host.Faults.Add(new FaultRule { Path = "/builds/builds/", Method = "PUT", Status = 429, Headers = new() { ["Retry-After"] = "60" }, Body = "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait\"}]}" });
        var started = System.Diagnostics.Stopwatch.StartNew();

        Task<ReleaseCmdlets.Cloudflare.CloudflareBuild> cancel = Cloudflare().CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default);
        await WaitForTimerAsync();
        Assert.False(cancel.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal("cancelled", (await cancel.WaitAsync(TimeSpan.FromSeconds(10))).Status);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_wait_longer_than_the_time_left_is_not_waited_and_the_answer_stands()
    {
        simulator.Host.Faults.Add(new FaultRule { Path = "/builds/builds/", Method = "PUT", Status = 429, Headers = new() { ["Retry-After"] = "60" }, Body = "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait\"}]}" });

        var refused = await Assert.ThrowsAsync<ServiceException>(
            () => Cloudflare(timeoutSeconds: 30).CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ServiceErrorKind.RateLimited, refused.Kind);
        Assert.Contains("try again after", refused.Message);
    }

    /// <summary>Until the handler's wait is a timer of the clock (the request and its answer take real time).</summary>
    private async Task WaitForTimerAsync()
    {
        for (int i = 0; i < 500; i++)
        {
            await Task.Delay(10);
            if (simulator.Host.Ledger.Entries(null).Count > 0)
            {
                await Task.Delay(100);
                return;
            }
        }
    }
}
