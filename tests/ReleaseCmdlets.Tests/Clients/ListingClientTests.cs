using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Http;
using ReleaseCmdlets.Simulator;

namespace ReleaseCmdlets.Tests.Clients;

/// <summary>The listings the name-based cancels read: a Worker's scripts and builds (Cloudflare), models (Baseten).</summary>
public class ListingClientTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public ListingClientTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    private CloudflareClient Cloudflare() => simulator.Cloudflare();

    private BasetenClient Baseten() => simulator.Baseten();

    private void Answer(string path, string body) => simulator.Answer(path, 200, body, "GET");

    [Fact]
    public async Task Reads_the_running_builds_of_a_Worker_in_the_listings_order()
    {
        var running = await Cloudflare().FindRunningBuildsAsync(CloudflareFake.Account, "my-worker", null, default);

        Assert.Equal(new[] { 1, 2, 3, 6 }.Select(CloudflareFake.BuildGuid), running.Select(build => build.BuildUuid));
        Assert.All(running, build => Assert.False(build.IsFinal));
    }

    [Fact]
    public async Task Reads_every_page_and_keeps_the_branch_asked_for()
    {
        Answer("/workers/scripts$", """{"success":true,"errors":[],"messages":[],"result":[{"id":"w","tag":"t1"},{"id":"w2","tag":"t2"}]}""");
        Answer("/builds/workers/t1/builds$", """
            {"success":true,"errors":[],"messages":[],"result_info":{"page":1,"per_page":2,"count":2,"total_count":3,"total_pages":2},
             "result":[{"build_uuid":"b0200000-0000-4000-8000-000000000001","status":"running","build_outcome":null,"build_trigger_metadata":{"branch":"main"}},
                       {"build_uuid":"b0200000-0000-4000-8000-000000000002","status":"queued","build_trigger_metadata":{"branch":"dev"}}]}
            """);
        Answer("/builds/workers/t1/builds$", """
            {"success":true,"errors":[],"messages":[],"result_info":{"page":2,"per_page":2,"count":1,"total_count":3,"total_pages":2},
             "result":[{"build_uuid":"b0200000-0000-4000-8000-000000000003","status":"running","build_trigger_metadata":{"branch":"main"},"unknown":{"x":1}}]}
            """);

        var running = await Cloudflare().FindRunningBuildsAsync(CloudflareFake.Account, "w", "main", default);

        Assert.Equal(new[] { "b0200000-0000-4000-8000-000000000001", "b0200000-0000-4000-8000-000000000003" }, running.Select(build => build.BuildUuid.ToString()));
        Assert.Contains(simulator.Host.Ledger.Entries(null), entry => entry.Query.Contains("page=2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("no-such-worker", null, "WorkerNotFound")]
    [InlineData("quiet-worker", null, "NoBuildInProgress")]
    [InlineData("my-worker", "release/9", "NoBuildInProgress")]
    public async Task An_unknown_Worker_or_nothing_running_is_not_found(string worker, string? branch, string errorId)
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => Cloudflare().FindRunningBuildsAsync(CloudflareFake.Account, worker, branch, default));

        Assert.Equal(ServiceErrorKind.NotFound, error.Kind);
        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains(worker, error.Message);
    }

    [Fact]
    public async Task Finds_a_model_id_by_name()
    {
        Assert.Equal(BasetenFake.Model, await Baseten().FindModelIdAsync("llama-chat", default));
    }

    [Fact]
    public async Task Several_models_of_one_name_ask_for_the_id()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => Baseten().FindModelIdAsync("twin", default));

        Assert.Equal("AmbiguousModelName", error.ErrorId);
        Assert.Contains("tw1n0001, tw1n0002", error.Message);
    }

    [Fact]
    public async Task Reads_the_models_listing_once_since_ModelsV1_is_not_paged()
    {
        // A member ModelsV1 does not have: never followed.
        Answer("^/v1/models$", """{"models":[{"id":"a1","name":"llama-chat"}],"pagination":{"has_more":true,"cursor":"c2"}}""");

        Assert.Equal("a1", await Baseten().FindModelIdAsync("llama-chat", default));
        Assert.Single(simulator.Host.Ledger.Entries("/v1/models"));
    }
}
