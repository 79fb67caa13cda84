using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Cloudflare;
using ReleaseCmdlets.Http;
using ReleaseCmdlets.Simulator;
using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Tests.Clients;

/// <summary>Clients pointed at an in-process simulator with the credentials it accepts, and its fault switchboard.</summary>
internal static class SimulatorClients
{
    public static CloudflareClient Cloudflare(this SimulatorFixture simulator) =>
        new(new Uri(simulator.Url, "client/v4"), CloudflareCredential.ApiToken(Secret.FromPlainText(CloudflareFake.ApiToken)), new RequestSettings());

    public static BasetenClient Baseten(this SimulatorFixture simulator) =>
        new(simulator.Url, Secret.FromPlainText(BasetenFake.ApiKey), new RequestSettings { RetryInterval = TimeSpan.Zero });

    /// <summary>The next request to a matching path (and method, when given) gets this answer instead of the service's.</summary>
    public static void Answer(this SimulatorFixture simulator, string path, int status, string body, string? method = null) =>
        simulator.Host.Faults.Add(new FaultRule { Path = path, Method = method, Status = status, Body = body });
}
