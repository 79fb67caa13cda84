using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Tests.Clients;

public class BasetenClientTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public BasetenClientTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    private BasetenClient Baseten() => simulator.Baseten();

    private void Answer(string path, int status, string body) => simulator.Answer(path, status, body);

    private void AnswerGet(string path, string body) => simulator.Answer(path, 200, body, "GET");

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
        AnswerGet("^/v1/models$", """{"models":[{"id":"a1","name":"llama-chat"}],"pagination":{"has_more":true,"cursor":"c2"}}""");

        Assert.Equal("a1", await Baseten().FindModelIdAsync("llama-chat", default));
        Assert.Single(simulator.Host.Ledger.Entries("/v1/models"));
    }
}

internal static partial class SimulatorClients
{
    /// <summary>A client of the simulator's Baseten, with the API key it accepts.</summary>
    public static BasetenClient Baseten(this SimulatorFixture simulator) =>
        new(simulator.Url, Secret.FromPlainText(BasetenFake.ApiKey), new RequestSettings { RetryInterval = TimeSpan.Zero });
}
