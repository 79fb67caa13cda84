using System.Text.Json;
using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Engine.BuildMaster;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Tests.Clients;

public class BuildMasterClientTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public BuildMasterClientTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    private BuildMasterClient Client(string key = BuildMasterFake.ApiKey, RequestSettings? settings = null) =>
        new(simulator.Url, Secret.FromPlainText(key), settings ?? new RequestSettings { RetryInterval = TimeSpan.Zero });

    private static async Task<BuildMasterRelease?> FirstRelease(BuildMasterClient client, int releaseId)
    {
        await foreach (var release in client.GetReleasesAsync(ReleaseSelector.ById(releaseId).ToQuery(), () => { }, default))
        {
            return release;
        }

        return null;
    }

    [Fact]
    public async Task Streams_every_release_that_matches()
    {
        var releases = new List<BuildMasterRelease>();
        await foreach (var release in Client().GetReleasesAsync(new ReleaseQuery { ApplicationName = "Accounting" }, () => { }, default))
        {
            releases.Add(release);
        }

        Assert.Equal(new[] { 1, 2, 3 }, releases.Select(r => r.ReleaseId));
        var sent = simulator.Host.Ledger.Entries("/api/releases").Single();
        Assert.Equal("POST", sent.Method);
        Assert.Equal(BuildMasterFake.ApiKey, sent.Headers["X-ApiKey"]);
        Assert.Equal("""{"applicationName":"Accounting"}""", sent.Body);
    }

    [Fact]
    public async Task A_stream_disposed_while_a_read_is_under_way_ends_quietly()
    {
        simulator.Host.Services.Get<BuildMasterFake>().Generate(2000);
        simulator.Host.Faults.Add(new FaultRule { Path = "^/api/releases$", StallAfterBytes = 20000, DelayMs = -1 });
        using var stop = new CancellationTokenSource();
        var stream = Client(settings: new RequestSettings { Timeout = Timeout.InfiniteTimeSpan }).OpenReleases(new ReleaseQuery(), stop.Token);
        int read = 0;
        Task<bool> next;
        while (await Task.WhenAny(next = stream.MoveNextAsync(), Task.Delay(TimeSpan.FromSeconds(2))) == next && await next)
        {
            read++;
        }

        Assert.False(next.IsCompleted, "the read past the stall should still be under way");
        stop.Cancel();   // Ctrl+C: the cmdlet cancels its token, then disposes the stream while the read is pending

        var disposing = Record.Exception(stream.Dispose);

        Assert.Null(disposing);
        Assert.True(read > 0);
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public async Task Cancel_sends_the_release_id_alone_and_reads_the_release_back()
    {
        BuildMasterRelease release = await Client().CancelReleaseAsync(ReleaseSelector.ById(2), "obsolete", default);

        Assert.Equal("canceled", release.Status);
        var cancel = simulator.Host.Ledger.Entries("/api/releases/cancel").Single();
        using var body = JsonDocument.Parse(cancel.Body);
        Assert.Equal(new[] { "releaseId", "reason" }, body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("obsolete", simulator.Host.Services.Get<BuildMasterFake>().Snapshot().Single(r => r.Id == 2).LastCancelReason);
    }

    [Fact]
    public async Task A_refused_cancel_of_a_deployed_release_is_an_invalid_operation()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => Client().CancelReleaseAsync(ReleaseSelector.ById(1), null, default));

        Assert.Equal(ServiceErrorKind.InvalidOperation, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("deployed", error.Message);
    }

    [Fact]
    public async Task A_refused_cancel_of_a_missing_release_is_not_found()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => Client().CancelReleaseAsync(ReleaseSelector.ByNumber("9.9", "HDars"), null, default));

        Assert.Equal(ServiceErrorKind.NotFound, error.Kind);
        Assert.Equal("ReleaseNotFound", error.ErrorId);
    }

    [Fact]
    public async Task Cancelling_an_already_canceled_release_returns_it()
    {
        BuildMasterRelease release = await Client().CancelReleaseAsync(ReleaseSelector.ById(5), null, default);

        Assert.Equal("canceled", release.Status);
    }

    [Fact]
    public async Task A_bad_key_is_forbidden()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => FirstRelease(Client("wrong-key"), 2));

        Assert.Equal(ServiceErrorKind.Forbidden, error.Kind);
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_they_pass()
    {
        simulator.Host.Faults.Add(new FaultRule { Path = "^/api/releases$", Times = 2, Status = 503 });

        BuildMasterRelease? release = await FirstRelease(Client(), 4);

        Assert.Equal("Phoenix", release!.ReleaseName);
        Assert.Equal(3, simulator.Host.Ledger.Entries("/api/releases").Count);
    }

    [Fact]
    public async Task A_slow_answer_is_a_timeout_and_is_not_retried()
    {
        // A limit long enough for the request to reach the server on a cold, loaded host (at 300 ms a clean-clone run
        // once timed out before it arrived, and the ledger was empty), far shorter than the delay.
        simulator.Host.Faults.Add(new FaultRule { Path = "^/api/releases$", Times = 1, DelayMs = 5000 });
        var settings = new RequestSettings { Timeout = TimeSpan.FromMilliseconds(1500) };

        var error = await Assert.ThrowsAsync<ServiceException>(() => FirstRelease(Client(settings: settings), 4));

        Assert.Equal(ServiceErrorKind.Timeout, error.Kind);
        Assert.Single(simulator.Host.Ledger.Entries("/api/releases"));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_then_a_connection_failure()
    {
        simulator.Host.Faults.Add(new FaultRule { Path = "^/api/releases$", Times = -1, Drop = true });
        var settings = new RequestSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.Zero };

        var error = await Assert.ThrowsAsync<ServiceException>(() => FirstRelease(Client(settings: settings), 4));

        Assert.Equal(ServiceErrorKind.ConnectionFailed, error.Kind);
        Assert.Equal(3, simulator.Host.Ledger.Entries("/api/releases").Count);
    }

    [Fact]
    public async Task An_html_page_where_json_belongs_is_an_invalid_response()
    {
        simulator.Host.Faults.Add(new FaultRule { Path = "^/api/releases$", Status = 200, ContentType = "text/html", Body = "<html><body>Proxy login</body></html>" });

        var error = await Assert.ThrowsAsync<ServiceException>(() => FirstRelease(Client(), 4));

        Assert.Equal(ServiceErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("HTML page", error.Message);
    }
}
