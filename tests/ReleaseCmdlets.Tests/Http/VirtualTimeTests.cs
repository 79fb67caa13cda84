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
    private readonly RecordingClock clock = new();

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
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(60));
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

    [Fact]
    public async Task A_listing_kept_alive_a_byte_at_a_time_ends_when_the_time_limit_passes_on_the_clock()
    {
        // A byte of white space every 50 ms of real time after the first 10: alive, but never a whole element.
        simulator.Host.Faults.Add(new FaultRule { Path = "^/api/releases$", StallAfterBytes = 10, DripMs = 50, Times = -1 });
        var client = new ReleaseCmdlets.Engine.BuildMaster.BuildMasterClient(simulator.Url, Secret.FromPlainText(BuildMasterFake.ApiKey),
            new RequestSettings { Clock = clock, Timeout = TimeSpan.FromSeconds(30), MaximumRetryCount = 0 });

        Task<int> listing = CountAsync(client.GetReleasesAsync(new ReleaseCmdlets.Engine.BuildMaster.ReleaseQuery(), () => { }, default));
        // The attempt's time limit, then the bound of the body's first read, both of 30 s; then real time, which does not count.
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(30), count: 2);
        await Task.Delay(300);
        Assert.False(listing.IsCompleted, "real time is no time on the clock");
        clock.Advance(TimeSpan.FromSeconds(30));

        var ended = await Assert.ThrowsAsync<ServiceException>(() => listing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(ServiceErrorKind.Timeout, ended.Kind);
        Assert.Contains("no whole element", ended.Message);
    }

    [Fact]
    public async Task An_answer_kept_alive_a_byte_at_a_time_ends_as_soon_as_the_time_limit_passes()
    {
        // The build's answer stalls after 10 bytes, then a byte of white space every 50 ms of real time, for ever.
        simulator.Host.Faults.Add(new FaultRule { Path = "/builds/builds/", Method = "GET", StallAfterBytes = 10, DripMs = 50, Times = -1 });
        var client = new CloudflareClient(new Uri(simulator.Url, "client/v4"), CloudflareCredential.ApiToken(Secret.FromPlainText(CloudflareFake.ApiToken)),
            new RequestSettings { Clock = clock, Timeout = TimeSpan.FromSeconds(30), MaximumRetryCount = 0 });

        Task<ReleaseCmdlets.Cloudflare.CloudflareBuild> read = client.GetBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.False(read.IsCompleted, "real time is no time on the clock");
        clock.Advance(TimeSpan.FromSeconds(30));
        var ending = System.Diagnostics.Stopwatch.StartNew();

        var ended = await Assert.ThrowsAsync<ServiceException>(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(ServiceErrorKind.Timeout, ended.Kind);
        // Not after the handler has drained the answer for its ResponseDrainTimeout (2 s of real time) first.
        Assert.True(ending.Elapsed < TimeSpan.FromSeconds(1), $"it ended {ending.Elapsed.TotalSeconds:0.0} s after its time limit");
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        int count = 0;
        await foreach (T item in items)
        {
            count++;
        }

        return count;
    }

    /// <summary>A virtual clock that notes the due time of every timer made on it.</summary>
    private sealed class RecordingClock() : FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000))
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> dueTimes = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            dueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }

        /// <summary>Until the module has made <paramref name="count"/> timers due after <paramref name="due"/> (its waits begun), within 10 s of real time.</summary>
        public async Task WaitForTimerAsync(TimeSpan due, int count = 1)
        {
            for (int i = 0; i < 1000 && dueTimes.Count(made => made == due) < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.True(dueTimes.Count(made => made == due) >= count, $"{count} timers due after {due} were not made");
        }
    }
}
