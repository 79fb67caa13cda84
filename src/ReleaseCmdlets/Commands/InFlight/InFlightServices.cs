using System.Linq;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The services Stop-InFlightRelease cancels on, found by the type of the object: every <see cref="InFlightService"/>
/// of this assembly (each service's folder has one), so a fifth service is found without an edit here.
/// </summary>
internal static class InFlightServices
{
    private static readonly Lazy<InFlightService[]> All = new(() => typeof(InFlightService).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(InFlightService).IsAssignableFrom(type))
        .Select(type => (InFlightService)Activator.CreateInstance(type)!)
        .ToArray());

    /// <summary>The service of the module's object, or null for a type no service takes.</summary>
    public static InFlightService? For(ReleaseInfo listed) => All.Value.FirstOrDefault(service => service.ObjectType.IsInstanceOfType(listed));
}
