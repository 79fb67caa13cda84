namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// One fake vendor API. <see cref="SimulatedServices"/> finds every class of this assembly that implements it, so a
/// new fake is a class of its own (&lt;Service&gt;Fake.cs, &lt;Service&gt;Fake.Control.cs) and no registration elsewhere.
/// Its constructor takes the simulator's clock (a <see cref="TimeProvider"/>: the system's, or the virtual time a test
/// moves), and every time it reads or waits on is that clock's.
/// </summary>
public interface ISimulatedService
{
    /// <summary>The vendor's endpoints.</summary>
    void Map(IEndpointRouteBuilder app);

    /// <summary>Its own endpoints under /_sim/&lt;service&gt;/: its data, its switches, what it counted.</summary>
    void MapControl(IEndpointRouteBuilder app);

    /// <summary>Back to the seeded data and the default switches.</summary>
    void Reset();

    /// <summary>Listings answered whatever their filters, as an older server or a proxy that drops them would.</summary>
    void IgnoreFilters(bool on)
    {
    }

    /// <summary>The credentials it accepts, by name, for /_sim/info.</summary>
    IReadOnlyDictionary<string, string> Credentials { get; }

    /// <summary>The environment variables that point the module's cmdlets at it, for a simulator at this URL.</summary>
    IReadOnlyDictionary<string, string> Environment(string url);

    /// <summary>A line for the simulator's banner where its cmdlets need more than the variables, or null.</summary>
    string? Note(string url) => null;
}
