using System.Net;
using ReleaseCmdlets.Engine.Baseten;
using ReleaseCmdlets.Engine.BuildMaster;
using ReleaseCmdlets.Engine.CloudFoundry;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>Each service's retried answers, as its official client retries them (each service's description cites them).</summary>
public class RetryPolicyTests
{
    public static TheoryData<string, int, bool> Cases => new()
    {
        { "Cloudflare", 408, true }, { "Cloudflare", 409, true }, { "Cloudflare", 429, true }, { "Cloudflare", 500, true },
        { "Cloudflare", 520, true }, { "Cloudflare", 503, true }, { "Cloudflare", 400, false }, { "Cloudflare", 404, false },
        { "CloudFoundry", 429, true }, { "CloudFoundry", 500, true }, { "CloudFoundry", 502, true }, { "CloudFoundry", 504, true },
        { "CloudFoundry", 501, false }, { "CloudFoundry", 408, false }, { "CloudFoundry", 422, false },
        { "BuildMaster", 503, true }, { "BuildMaster", 429, true }, { "BuildMaster", 500, false }, { "BuildMaster", 409, false },
        { "Baseten", 429, true }, { "Baseten", 502, true }, { "Baseten", 500, false }, { "Baseten", 400, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Retries_what_the_services_own_client_retries(string service, int status, bool retried)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(retried, Policy(service).IsRetried(response));
    }

    [Theory]
    [InlineData(503, "false", false)]
    [InlineData(400, "true", true)]
    [InlineData(500, "maybe", true)]
    public void Cloudflare_obeys_x_should_retry_first(int status, string header, bool retried)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        response.Headers.TryAddWithoutValidation("x-should-retry", header);

        Assert.Equal(retried, CloudflareService.Description.Retries.IsRetried(response));
    }

    [Fact]
    public void Only_Cloudflare_reads_x_should_retry()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation("x-should-retry", "true");

        Assert.False(CloudFoundryService.Retries.IsRetried(response));
    }

    private static RetryPolicy Policy(string service) => service switch
    {
        "Cloudflare" => CloudflareService.Description.Retries,
        "CloudFoundry" => CloudFoundryService.Retries,
        "BuildMaster" => BuildMasterService.Description.Retries,
        _ => BasetenService.Description.Retries,
    };
}
