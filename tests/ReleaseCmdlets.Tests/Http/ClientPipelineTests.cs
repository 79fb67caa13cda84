using System.Net;
using System.Net.Sockets;
using ReleaseCmdlets.Engine.BuildMaster;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;
using ReleaseCmdlets.Tests.Clients;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>Each client's own chain of handlers over the shared primary handlers, and what its attempts leave to tell.</summary>
public class ClientPipelineTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture simulator;

    public ClientPipelineTests(SimulatorFixture simulator)
    {
        this.simulator = simulator;
        simulator.Reset();
    }

    [Fact]
    public void Every_client_sends_through_the_process_wide_primary_handler_of_its_kind_so_connections_are_pooled()
    {
        Assert.Same(HttpStack.PrimaryHandler(false, false), HttpStack.PrimaryHandler(false, false));
        Assert.NotSame(HttpStack.PrimaryHandler(false, false), HttpStack.PrimaryHandler(false, true));
        Assert.NotSame(HttpStack.PrimaryHandler(false, false), HttpStack.PrimaryHandler(true, false));

        Assert.Same(HttpStack.PrimaryHandler(false, false), Innermost(Chain(BuildMasterService.Description, new RequestSettings())));
    }

    [Fact]
    public void A_chain_holds_only_the_handlers_its_service_and_command_use()
    {
        Assert.Equal(
            new[] { typeof(RetryHandler), typeof(AttemptTimeoutHandler), typeof(BoundedBodyHandler) },
            Handlers(Chain(BuildMasterService.Description, new RequestSettings())));

        var verbose = new RequestSettings { Log = new VerboseLog() };
        Assert.Equal(
            new[] { typeof(RetryHandler), typeof(CredentialRenewalHandler), typeof(AttemptLogHandler), typeof(AttemptTimeoutHandler), typeof(BoundedBodyHandler), typeof(BudgetHandler) },
            Handlers(Chain(CloudflareService.Description, verbose, new CredentialRenewalHandler(null!))));
    }

    [Fact]
    public async Task The_count_of_attempts_travels_with_the_failure_that_ended_them()
    {
        var settings = new RequestSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.FromMilliseconds(1) };
        var client = new BuildMasterClient(new Uri($"http://127.0.0.1:{ClosedPort()}/"), Secret.FromPlainText("key"), settings);

        var failure = await Assert.ThrowsAsync<ServiceException>(
            () => client.CancelReleaseAsync(ReleaseSelector.ById(1), null, default).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(ServiceErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains("after 3 attempts", failure.Message);
    }

    [Fact]
    public async Task That_an_earlier_attempt_may_have_landed_travels_with_the_final_answer()
    {
        simulator.Host.Faults.Add(new FaultRule { Path = "/builds/builds/", Method = "GET", Drop = true });
        simulator.Host.Faults.Add(new FaultRule { Path = "/builds/builds/", Method = "GET", Status = 403, Body = "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}]}" });
        var settings = new RequestSettings { RetryInterval = TimeSpan.FromMilliseconds(1) };
        var client = new CloudflareClient(new Uri(simulator.Url, "client/v4"), CloudflareCredential.ApiToken(Secret.FromPlainText(CloudflareFake.ApiToken)), settings);

        var refused = await Assert.ThrowsAsync<ServiceException>(
            () => client.GetBuildAsync(CloudflareFake.Account, CloudflareFake.BuildGuid(1), default).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(403, refused.StatusCode);
        Assert.True(refused.EarlierAttemptMayHaveLanded);
    }

    private static HttpMessageHandler Chain(ServiceDescription service, RequestSettings settings, DelegatingHandler? own = null) =>
        ClientPipeline.Chain(service, new Uri("https://service.example/"), settings, compressed: false, own);

    private static IEnumerable<Type> Handlers(HttpMessageHandler chain)
    {
        for (HttpMessageHandler? handler = chain; handler is DelegatingHandler delegating && delegating.GetType().Assembly == typeof(ClientPipeline).Assembly; handler = delegating.InnerHandler)
        {
            yield return handler.GetType();
        }
    }

    private static HttpMessageHandler Innermost(HttpMessageHandler chain)
    {
        while (chain is DelegatingHandler delegating && delegating.GetType().Assembly == typeof(ClientPipeline).Assembly)
        {
            chain = delegating.InnerHandler!;
        }

        return chain;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class VerboseLog : IRequestLog
    {
        public bool VerboseEnabled => true;

        public bool DebugEnabled => false;

        public void Verbose(string message) { }

        public void Debug(string message) { }

        public void Warning(string message) { }

        public void Waiting(string? status, DateTimeOffset until) { }
    }
}
