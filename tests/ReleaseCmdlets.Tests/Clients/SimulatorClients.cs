using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Tests.Clients;

/// <summary>Clients pointed at an in-process simulator with the credentials it accepts (each service's in its client tests), and its fault switchboard.</summary>
internal static partial class SimulatorClients
{
    /// <summary>The next request to a matching path (and method, when given) gets this answer instead of the service's.</summary>
    public static void Answer(this SimulatorFixture simulator, string path, int status, string body, string? method = null) =>
        simulator.Host.Faults.Add(new FaultRule { Path = path, Method = method, Status = status, Body = body });
}
