using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Tests.Clients;

namespace ReleaseCmdlets.Tests.Contracts;

/// <summary>
/// The simulator's Baseten answers and the module's Baseten requests against Baseten's official OpenAPI spec
/// (tests/Contracts/Baseten/management.json): every answer validates, with no member the spec lacks; every request is
/// an operation of the spec; every member the module reads is one the spec defines.
/// </summary>
public class BasetenContractTests : IClassFixture<SimulatorFixture>
{
    private const string Environment = "/v1/models/{model_id}/environments/{env_name}";
    private static readonly OpenApiContract Contract = OpenApiContract.Load("Baseten/management.json");
    private readonly SimulatorFixture simulator;

    public BasetenContractTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    /// <summary>Scenario, the requests that set it up, then the request whose answer is checked, and its path in the spec.</summary>
    public static TheoryData<string, string[], string, string, string> Answers => new()
    {
        { "a promotion in progress", Array.Empty<string>(), "GET", "/v1/models/abc123xy/environments/production", Environment },
        { "a rolling promotion ramping up", Array.Empty<string>(), "GET", "/v1/models/roll456z/environments/production", Environment },
        { "a rolling promotion ramping down", new[] { "POST /v1/models/roll456z/environments/production/cancel_promotion" }, "GET", "/v1/models/roll456z/environments/production", Environment },
        { "no promotion", Array.Empty<string>(), "GET", "/v1/models/abc123xy/environments/development", Environment },
        { "a cancel", Array.Empty<string>(), "POST", "/v1/models/abc123xy/environments/production/cancel_promotion", Environment + "/cancel_promotion" },
        { "a cancel of a rolling promotion", Array.Empty<string>(), "POST", "/v1/models/roll456z/environments/production/cancel_promotion", Environment + "/cancel_promotion" },
        { "a force cancel", Array.Empty<string>(), "POST", "/v1/models/roll456z/environments/production/force_cancel_promotion", Environment + "/force_cancel_promotion" },
        { "a force cancel not sent", Array.Empty<string>(), "POST", "/v1/models/abc123xy/environments/production/force_cancel_promotion", Environment + "/force_cancel_promotion" },
        { "the models", Array.Empty<string>(), "GET", "/v1/models", "/v1/models" },
        { "a model's environments", Array.Empty<string>(), "GET", "/v1/models/roll456z/environments", "/v1/models/{model_id}/environments" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_the_module_reads_validates_against_the_spec(string scenario, string[] setup, string method, string path, string template)
    {
        foreach (string step in setup)
        {
            await SendAsync(step.Split(' ')[0], step.Split(' ')[1]);
        }

        string body = await SendAsync(method, path);

        var results = Contract.ValidateAnswer(method, template, 200, body);
        Assert.True(results.IsValid, $"{scenario}: {OpenApiContract.Describe(results)}\n{body}");
    }

    [Fact]
    public async Task A_renamed_or_missing_member_fails_the_check()
    {
        string body = await SendAsync("GET", "/v1/models/roll456z/environments/production");

        Assert.False(Contract.ValidateAnswer("GET", Environment, 200, body.Replace("\"in_progress_promotion\"", "\"in_progress\"")).IsValid);
        Assert.False(Contract.ValidateAnswer("GET", Environment, 200, body.Replace("\"percent_traffic_to_new_version\"", "\"percent\"")).IsValid);
        var node = JsonNode.Parse(body)!.AsObject();
        node.Remove("current_deployment");
        Assert.False(Contract.ValidateAnswer("GET", Environment, 200, node.ToJsonString()).IsValid);
    }

    [Fact]
    public async Task Every_request_the_module_sends_is_an_operation_of_the_spec()
    {
        simulator.Host.Services.Get<BasetenFake>().RollbackDuration = TimeSpan.FromMilliseconds(300);
        BasetenClient client = simulator.Baseten();

        await client.CancelPromotionAsync("abc123xy", "production", default);
        BasetenPromotion forced = await client.ForceCancelPromotionAsync("roll456z", "production", default);
        await client.WaitForRollbackAsync(forced, new WaitOptions { Interval = TimeSpan.FromMilliseconds(100) }, default);
        await client.FindModelIdAsync("llama-chat", default);
        await client.GetPromotionsAsync("abc123xy", null, inProgressOnly: false, default);
        await client.GetPromotionsAsync("abc123xy", "staging", inProgressOnly: true, default);

        var sent = simulator.Host.Ledger.Entries("/v1");
        Assert.Contains(sent, e => e.Path.EndsWith("/cancel_promotion") && !e.Path.Contains("force"));
        Assert.Contains(sent, e => e.Path.EndsWith("/force_cancel_promotion"));
        Assert.Contains(sent, e => e.Method == "GET" && e.Path == "/v1/models");
        foreach (var request in sent)
        {
            Assert.Null(Contract.Mismatch(request.Method, request.Path, request.Query));
            // None of these operations has a request body in the spec.
            Assert.Equal("", request.Body);
        }
    }

    public static TheoryData<Type, string> ReadTypes => new()
    {
        { typeof(CancelPromotionDto), "CancelPromotionResponseV1" },
        { typeof(ForceCancelDto), "SignalPromotionResponseV1" },
        { typeof(EnvironmentDto), "EnvironmentV1" },
        { typeof(EnvironmentListDto), "EnvironmentsV1" },
        { typeof(DeploymentDto), "DeploymentV1" },
        { typeof(InProgressPromotionDto), "InProgressPromotionV1" },
        { typeof(ModelListDto), "ModelsV1" },
        { typeof(ModelDto), "ModelV1" },
    };

    [Theory]
    [MemberData(nameof(ReadTypes))]
    public void The_module_reads_only_members_the_spec_defines(Type dto, string schema)
    {
        var defined = Contract.Schema(schema)["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var property in dto.GetProperties())
        {
            string name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            Assert.True(defined.Contains(name), $"{dto.Name}.{property.Name} reads '{name}', which {schema} does not define");
        }
    }

    private async Task<string> SendAsync(string method, string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(simulator.Url, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Api-Key", BasetenFake.ApiKey);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
