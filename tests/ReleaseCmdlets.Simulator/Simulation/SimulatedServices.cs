namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>The fake services side by side, every <see cref="ISimulatedService"/> of this assembly, in name order.</summary>
public sealed class SimulatedServices(SimulatorClock clock)
{
    private readonly ISimulatedService[] services = typeof(ISimulatedService).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(ISimulatedService).IsAssignableFrom(type))
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .Select(type => (ISimulatedService)Activator.CreateInstance(type, clock)!)
        .ToArray();

    /// <summary>The fake of one service, for in-process tests.</summary>
    public T Get<T>()
        where T : ISimulatedService => services.OfType<T>().Single();

    public void Map(WebApplication app)
    {
        foreach (ISimulatedService service in services)
        {
            service.Map(app);
            service.MapControl(app);
        }
    }

    public void IgnoreFilters(bool on)
    {
        foreach (ISimulatedService service in services)
        {
            service.IgnoreFilters(on);
        }
    }

    public void Reset()
    {
        foreach (ISimulatedService service in services)
        {
            service.Reset();
        }
    }

    /// <summary>The credentials the fakes accept, for tests and the demo.</summary>
    public Dictionary<string, string> Credentials => services.SelectMany(service => service.Credentials).ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>The environment variables that point the module at this simulator.</summary>
    public Dictionary<string, string> Environment(string url) =>
        services.SelectMany(service => service.Environment(url)).ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>The lines of the simulator's banner that point the module at it.</summary>
    public IEnumerable<string> EnvironmentLines(string url) =>
        Environment(url).Select(pair => $"$env:{pair.Key} = '{pair.Value}'")
            .Concat(services.Select(service => service.Note(url)).OfType<string>().Select(note => "# " + note));
}
