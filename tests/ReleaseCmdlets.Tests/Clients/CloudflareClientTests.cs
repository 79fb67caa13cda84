using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Tests.Clients;

public class CloudflareClientTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public CloudflareClientTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    private CloudflareClient Cloudflare() => simulator.Cloudflare();

    private void Answer(string path, int status, string body) => simulator.Answer(path, status, body);

    private void AnswerGet(string path, string body) => simulator.Answer(path, 200, body, "GET");

    [Fact]
    public async Task A_cancel_result_becomes_a_build()
    {
        CloudflareBuild build = await Cloudflare().CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default);

        Assert.Equal("cancelled", build.Status);
        Assert.Equal("cancelled", build.BuildOutcome);
        Assert.True(build.IsFinal);
        Assert.Equal(CloudflareFake.BuildGuid(1), build.BuildUuid);
        Assert.NotNull(build.StoppedOn);
        Assert.Null(build.BuildStatus);
    }

    [Fact]
    public async Task A_full_build_fills_its_trigger_properties()
    {
        CloudflareBuild build = await Cloudflare().GetBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(2), default);

        Assert.Equal("queued", build.Status);
        Assert.False(build.IsFinal);
        Assert.Equal("feature/login", build.Branch);
        Assert.Equal("8ee82b3a2c0f42928b8f14dae4a97121", build.ExternalScriptId);
        Assert.Equal("Deploy main", build.Name);
    }

    [Fact]
    public async Task Success_false_on_200_is_a_failure_with_code_and_joined_messages()
    {
        Answer("/cancel$", 200, """{"success":false,"errors":[{"code":12000,"message":"Not found"}],"messages":["one",{"code":2,"message":"two"}],"result":null}""");

        var error = await Assert.ThrowsAsync<ServiceException>(() => Cloudflare().CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default));

        Assert.Equal(ServiceErrorKind.NotFound, error.Kind);
        Assert.Equal("12000", error.ServiceCode);
        Assert.Equal("Not found; one; two", error.Message);
    }

    [Fact]
    public async Task An_error_chain_is_joined_into_the_message()
    {
        Answer("/cancel$", 400, """{"success":false,"errors":[{"code":6003,"message":"Invalid request headers","error_chain":[{"code":6111,"message":"Invalid format for Authorization header"}]}],"messages":[],"result":null}""");

        var error = await Assert.ThrowsAsync<ServiceException>(() => Cloudflare().CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default));

        Assert.Equal(ServiceErrorKind.BadRequest, error.Kind);
        Assert.Equal("Invalid request headers: Invalid format for Authorization header", error.Message);
    }

    [Fact]
    public async Task A_missing_token_is_unauthorized_12005()
    {
        var client = new CloudflareClient(new Uri(simulator.Url, "client/v4"), CloudflareCredential.GlobalKey("ops@example.com", Secret.FromPlainText("abc")), new RequestSettings());
        simulator.Host.Faults.Add(new FaultRule { Path = "/cancel$", Status = 401, Body = """{"errors":[{"code":12005,"message":"Missing token from authorization header"}],"messages":[],"result":null,"success":false}""" });

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default));

        Assert.Equal(ServiceErrorKind.Unauthorized, error.Kind);
        Assert.Equal("12005", error.ServiceCode);
    }

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
        AnswerGet("/workers/scripts$", """{"success":true,"errors":[],"messages":[],"result":[{"id":"w","tag":"t1"},{"id":"w2","tag":"t2"}]}""");
        AnswerGet("/builds/workers/t1/builds$", """
            {"success":true,"errors":[],"messages":[],"result_info":{"page":1,"per_page":2,"count":2,"total_count":3,"total_pages":2},
             "result":[{"build_uuid":"b0200000-0000-4000-8000-000000000001","status":"running","build_outcome":null,"build_trigger_metadata":{"branch":"main"}},
                       {"build_uuid":"b0200000-0000-4000-8000-000000000002","status":"queued","build_trigger_metadata":{"branch":"dev"}}]}
            """);
        AnswerGet("/builds/workers/t1/builds$", """
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
}

internal static partial class SimulatorClients
{
    /// <summary>A client of the simulator's Cloudflare, with the API token it accepts.</summary>
    public static CloudflareClient Cloudflare(this SimulatorFixture simulator) =>
        new(new Uri(simulator.Url, "client/v4"), CloudflareCredential.ApiToken(Secret.FromPlainText(CloudflareFake.ApiToken)), new RequestSettings());
}
