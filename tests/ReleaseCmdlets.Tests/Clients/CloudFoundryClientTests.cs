using System.Text.Json;
using ReleaseCmdlets.Engine.CloudFoundry;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;
using ReleaseCmdlets.Simulator;

namespace ReleaseCmdlets.Tests.Clients;

public class CloudFoundryClientTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public CloudFoundryClientTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    [Fact]
    public void Reads_a_deployment_object()
    {
        const string json = """
            {"guid":"59c3d133-2b83-46f3-960e-7765a129aea4","created_at":"2026-11-20T10:00:00Z","updated_at":"2026-11-20T10:05:00Z",
             "status":{"value":"ACTIVE","reason":"DEPLOYING","details":{"last_successful_healthcheck":"2026-11-20T10:04:00Z","last_status_change":"2026-11-20T10:03:00Z","error":"Healthcheck failed"},
                       "canary":{"steps":{"current":1,"total":2}}},
             "strategy":"canary","options":{"max_in_flight":3},"droplet":{"guid":"44ccfa61-dbcf-4a0d-82fe-f668e9d2a962"},
             "previous_droplet":{"guid":"cc6bc315-bd06-49ce-92c2-bc3ad45268c2"},"new_processes":[],"revision":null,
             "relationships":{"app":{"data":{"guid":"305cea31-5a44-45ca-b51b-e89c7a8ef8b2"}}},
             "metadata":{"labels":{},"annotations":{}},"links":{"self":{"href":"x"},"cancel":{"href":"y","method":"POST"}}}
            """;

        var deployment = JsonSerializer.Deserialize(json, CloudFoundryJsonContext.Default.DeploymentDto)!.ToDeployment("web");

        Assert.Equal(Guid.Parse("59c3d133-2b83-46f3-960e-7765a129aea4"), deployment.DeploymentGuid);
        Assert.Equal(Guid.Parse("305cea31-5a44-45ca-b51b-e89c7a8ef8b2"), deployment.AppGuid);
        Assert.Equal("DEPLOYING", deployment.Status);
        Assert.Equal("ACTIVE", deployment.StatusValue);
        Assert.False(deployment.IsFinal);
        Assert.Equal("canary", deployment.Strategy);
        Assert.Equal("Healthcheck failed", deployment.ErrorDetail);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 3, 0, TimeSpan.Zero), deployment.LastStatusChange);
        Assert.Equal("web", deployment.Name);
        Assert.Equal(Guid.Parse("cc6bc315-bd06-49ce-92c2-bc3ad45268c2"), deployment.PreviousDropletGuid);
    }

    [Fact]
    public void A_finalized_deployment_is_final_and_missing_members_are_null()
    {
        var deployment = JsonSerializer.Deserialize("""{"guid":"59c3d133-2b83-46f3-960e-7765a129aea4","status":{"value":"FINALIZED","reason":"CANCELED"}}""", CloudFoundryJsonContext.Default.DeploymentDto)!
            .ToDeployment(null);

        Assert.True(deployment.IsFinal);
        Assert.Equal("CANCELED", deployment.Status);
        Assert.Null(deployment.AppGuid);
        Assert.Null(deployment.Strategy);
        Assert.Null(deployment.CreatedAt);
        Assert.Null(deployment.Name);
    }

    [Fact]
    public async Task The_v3_error_body_becomes_the_exception()
    {
        var client = new CloudFoundryClient(simulator.Url, CfCredential.Fixed(Secret.FromPlainText(CloudFoundryFake.Token)), new RequestSettings());

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.CancelDeploymentAsync(CloudFoundryFake.DeploymentGuid(3), null, default));

        Assert.Equal(ServiceErrorKind.InvalidOperation, error.Kind);
        Assert.Equal(422, error.StatusCode);
        Assert.Equal("CF-UnprocessableEntity 10008", error.ServiceCode);
        Assert.Equal("Cannot cancel a deployment with status: FINALIZED and reason: DEPLOYED", error.Message);
        Assert.StartsWith("vcap-", error.RequestId);
    }

    [Fact]
    public async Task An_expired_token_says_how_to_get_a_new_one()
    {
        var client = new CloudFoundryClient(simulator.Url, CfCredential.Fixed(Secret.FromPlainText("bearer " + CloudFoundryFake.ExpiredToken)), new RequestSettings());

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetDeploymentAsync(CloudFoundryFake.DeploymentGuid(1), null, default));

        Assert.Equal(ServiceErrorKind.Unauthorized, error.Kind);
        Assert.Equal("CF-InvalidAuthToken 1000", error.ServiceCode);
        Assert.Contains("cf login", error.Message);
    }

    [Fact]
    public void A_malformed_cli_config_is_invalid_data_without_its_content()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
        File.WriteAllText(path, """{"AccessToken":"bearer top-secret-token", """);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => CfCliConfig.Load(path));
            Assert.Contains(path, error.Message);
            Assert.DoesNotContain("top-secret-token", error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cli_config_gives_token_target_and_space()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
        File.WriteAllText(path, """{"ConfigVersion":3,"Target":"https://api.example.org","AccessToken":"bearer abc","SpaceFields":{"GUID":"5a7e0000-0000-4000-8000-000000000001","Name":"dev"}}""");
        try
        {
            CfCliConfig config = CfCliConfig.Load(path)!;
            Assert.Equal("https://api.example.org", config.Target);
            Assert.Equal("bearer abc", config.AccessToken);
            Assert.Equal(CloudFoundryFake.Space, config.SpaceGuid);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
