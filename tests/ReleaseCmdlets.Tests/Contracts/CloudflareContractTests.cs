using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Tests.Clients;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Contracts;

/// <summary>
/// The simulator's Workers Builds and Workers scripts answers, and the module's requests, against Cloudflare's schema
/// (tests/Contracts/Cloudflare/workers-builds.json): answers validate with no member the schema lacks, requests are
/// operations of it, the members the module reads are defined, and each route accepts the tokens whose permission
/// groups its x-api-token-group names, and no other.
/// </summary>
public class CloudflareContractTests : IClassFixture<SimulatorFixture>
{
    private const string Account = "/accounts/{account_id}";
    private static readonly OpenApiContract Contract = OpenApiContract.Load("Cloudflare/workers-builds.json");
    private static readonly string Builds = $"/client/v4/accounts/{CloudflareFake.Account}/builds";
    private readonly SimulatorFixture simulator;

    public CloudflareContractTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    public static TheoryData<string, string, string, string> Answers => new()
    {
        { "a running build", "GET", $"{Builds}/builds/{CloudflareFake.BuildGuid(1):D}", Account + "/builds/builds/{build_uuid}" },
        { "a stopped build", "GET", $"{Builds}/builds/{CloudflareFake.BuildGuid(4):D}", Account + "/builds/builds/{build_uuid}" },
        { "a cancel", "PUT", $"{Builds}/builds/{CloudflareFake.BuildGuid(1):D}/cancel", Account + "/builds/builds/{build_uuid}/cancel" },
        { "a Worker's builds", "GET", $"{Builds}/workers/8ee82b3a2c0f42928b8f14dae4a97121/builds?page=1&per_page=100", Account + "/builds/workers/{external_script_id}/builds" },
        { "the Workers scripts", "GET", $"/client/v4/accounts/{CloudflareFake.Account}/workers/scripts", Account + "/workers/scripts" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_the_module_reads_validates_against_the_schema(string scenario, string method, string path, string template)
    {
        var (status, body) = await SendAsync(method, path, CloudflareFake.ApiToken);

        Assert.Equal(200, status);
        var results = Contract.ValidateAnswer(method, template, 200, body);
        Assert.True(results.IsValid, $"{scenario}: {OpenApiContract.Describe(results)}\n{body}");
    }

    [Fact]
    public async Task Not_found_validates_as_the_schemas_error_response()
    {
        var (status, body) = await SendAsync("GET", $"{Builds}/builds/{Guid.NewGuid():D}", CloudflareFake.ApiToken);

        Assert.Equal(404, status);
        Assert.True(Contract.ValidateAnswer("GET", Account + "/builds/builds/{build_uuid}", 404, body).IsValid, body);
    }

    [Fact]
    public async Task A_renamed_member_fails_the_check()
    {
        var (_, body) = await SendAsync("GET", $"{Builds}/builds/{CloudflareFake.BuildGuid(1):D}", CloudflareFake.ApiToken);

        Assert.False(Contract.ValidateAnswer("GET", Account + "/builds/builds/{build_uuid}", 200, body.Replace("\"build_outcome\"", "\"outcome\"")).IsValid);
        Assert.False(Contract.ValidateAnswer("GET", Account + "/builds/builds/{build_uuid}", 200, body.Replace("\"external_script_id\"", "\"script_tag\"")).IsValid);
    }

    [Fact]
    public async Task Every_request_the_module_sends_is_an_operation_of_the_schema()
    {
        CloudflareClient client = simulator.Cloudflare();

        var running = await client.FindRunningBuildsAsync(CloudflareFake.Account, "my-worker", null, default);
        await client.CancelListedBuildAsync(running[0], default);
        await client.GetBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(4), default);
        await client.ListBuilds(CloudflareFake.Account, "8ee82b3a2c0f42928b8f14dae4a97121", "main", new[] { "stopped" }).NextAsync(default);
        await Assert.ThrowsAsync<ReleaseCmdlets.Errors.ServiceException>(() => client.CancelBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(4), default));

        var sent = simulator.Host.Ledger.Entries("/client/v4");
        Assert.Contains(sent, e => e.Method == "PUT");
        Assert.Contains(sent, e => e.Path.EndsWith("/workers/scripts"));
        foreach (var request in sent)
        {
            Assert.Null(Contract.Mismatch(request.Method, request.Path.Substring("/client/v4".Length), request.Query));
            Assert.Equal("", request.Body);
        }
    }

    public static TheoryData<string, string, string> Routes => new()
    {
        { "PUT", $"{Builds}/builds/{CloudflareFake.BuildGuid(1):D}/cancel", Account + "/builds/builds/{build_uuid}/cancel" },
        { "GET", $"{Builds}/builds/{CloudflareFake.BuildGuid(1):D}", Account + "/builds/builds/{build_uuid}" },
        { "GET", $"{Builds}/workers/8ee82b3a2c0f42928b8f14dae4a97121/builds", Account + "/builds/workers/{external_script_id}/builds" },
        { "GET", $"/client/v4/accounts/{CloudflareFake.Account}/workers/scripts", Account + "/workers/scripts" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_route_accepts_exactly_the_tokens_with_a_permission_group_the_schema_names(string method, string path, string template)
    {
        var accepted = Contract.TokenGroups(method, template);
        Assert.NotEmpty(accepted);
        foreach (var (token, groups) in CloudflareFake.TokenGroups)
        {
            simulator.Reset();
            var (status, _) = await SendAsync(method, path, token);

            bool allowed = groups.Intersect(accepted).Any();
            Assert.True(allowed ? status != 403 : status == 403, $"{method} {template} with a token of {string.Join(", ", groups)}: {status}");
        }
    }

    public static TheoryData<Type, string, string?> ReadTypes => new()
    {
        { typeof(BuildDto), "builds_BuildResponse", null },
        { typeof(TriggerMetadataDto), "builds_BuildTriggerMetadataResponse", null },
        { typeof(TriggerDto), "builds_BuildResponse", "trigger" },
        { typeof(ResultInfoDto), "builds_PaginationInfo", null },
        { typeof(ScriptDto), "workers_ScriptListResponse", null },
    };

    [Theory]
    [MemberData(nameof(ReadTypes))]
    public void The_module_reads_only_members_the_schema_defines(Type dto, string schema, string? member)
    {
        JsonNode node = Contract.Schema(schema);
        if (member is not null)
        {
            node = node["properties"]![member]!;
        }

        var defined = node["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var property in dto.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            string name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            Assert.True(defined.Contains(name), $"{dto.Name}.{property.Name} reads '{name}', which {schema} does not define");
        }
    }

    private async Task<(int Status, string Body)> SendAsync(string method, string path, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(simulator.Url, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
