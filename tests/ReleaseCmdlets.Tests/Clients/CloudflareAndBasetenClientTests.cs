using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Http;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Tests.Clients;

public class CloudflareAndBasetenClientTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public CloudflareAndBasetenClientTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    private CloudflareClient Cloudflare() => simulator.Cloudflare();

    private BasetenClient Baseten() => simulator.Baseten();

    private void Answer(string path, int status, string body) => simulator.Answer(path, status, body);

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
    public async Task Basetens_cancel_body_becomes_a_promotion()
    {
        BasetenPromotion promotion = await Baseten().CancelPromotionAsync(BasetenFake.RollingModel, "production", default);

        Assert.Equal("RAMPING_DOWN", promotion.Status);
        Assert.False(promotion.IsFinal);
        Assert.Equal($"{BasetenFake.RollingModel}/production", promotion.Id);
    }

    [Fact]
    public async Task Basetens_validation_error_is_no_promotion_in_progress()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => Baseten().CancelPromotionAsync(BasetenFake.Model, "development", default));

        Assert.Equal(ServiceErrorKind.InvalidOperation, error.Kind);
        Assert.Equal("NoPromotionInProgress", error.ErrorId);
        Assert.Equal("VALIDATION_ERROR", error.ServiceCode);
        Assert.False(error.EarlierAttemptMayHaveLanded);
    }

    [Fact]
    public async Task Other_baseten_400s_stay_bad_requests()
    {
        Answer("cancel_promotion$", 400, """{"code":"VALIDATION_ERROR","message":"Environment name is invalid."}""");

        var error = await Assert.ThrowsAsync<ServiceException>(() => Baseten().CancelPromotionAsync(BasetenFake.Model, "production", default));

        Assert.Equal(ServiceErrorKind.BadRequest, error.Kind);
        Assert.Null(error.ErrorId);
    }

    [Fact]
    public async Task A_baseten_answer_without_status_is_an_invalid_response()
    {
        Answer("cancel_promotion$", 200, """{"message":"ok"}""");

        var error = await Assert.ThrowsAsync<ServiceException>(() => Baseten().CancelPromotionAsync(BasetenFake.Model, "production", default));

        Assert.Equal(ServiceErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task A_huge_error_body_is_truncated_in_the_message()
    {
        Answer("cancel_promotion$", 500, new string('x', 50_000));
        var client = new BasetenClient(simulator.Url, Secret.FromPlainText(BasetenFake.ApiKey), new RequestSettings { MaximumRetryCount = 0 });

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.CancelPromotionAsync(BasetenFake.Model, "production", default));

        Assert.Equal(ServiceErrorKind.ServiceUnavailable, error.Kind);
        Assert.True(error.Message.Length < 1200, $"message of {error.Message.Length} characters");
        Assert.Contains("more characters", error.Message);
    }
}
