using System.Linq;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Every <see cref="ServiceRegistration"/> of this assembly (each service's folder has one), so a fifth service is found
/// without an edit here: Stop-InFlightRelease finds the service of an object by its type.
/// </summary>
internal static class ServiceRegistrations
{
    private static readonly Lazy<ServiceRegistration[]> Registered = new(() => typeof(ServiceRegistration).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(ServiceRegistration).IsAssignableFrom(type))
        .Select(type => (ServiceRegistration)Activator.CreateInstance(type)!)
        .OrderBy(service => service.Added)
        .ToArray());

    /// <summary>Every service, in the order they were added to the module.</summary>
    public static IReadOnlyList<ServiceRegistration> All => Registered.Value;

    /// <summary>The service of the module's object, or null for a type no service takes.</summary>
    public static ServiceRegistration? For(ReleaseInfo listed) => Registered.Value.FirstOrDefault(service => service.ObjectType.IsInstanceOfType(listed));
}
