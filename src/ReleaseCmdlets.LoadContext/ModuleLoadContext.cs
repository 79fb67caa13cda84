using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace ReleaseCmdlets.LoadContext;

/// <summary>
/// Loads ReleaseCmdlets.Engine and the dependencies the runtime does not provide (Microsoft.Extensions.*, …) from the
/// module's Dependencies folder into a context of their own; ReleaseCmdlets.Models stays in the default context. Another module may then load other versions of the same
/// assemblies into the default context, before or after this one, and neither breaks the other.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private const string EngineName = "ReleaseCmdlets.Engine";

    /// <summary>The output types: shared with PowerShell's default context, so that type literals resolve.</summary>
    private const string ModelsName = "ReleaseCmdlets.Models";
    private static readonly object Gate = new();
    private static ModuleLoadContext? registered;

    private readonly string dependencies;
    private readonly HashSet<string> platform;

    private ModuleLoadContext(string dependencies)
        : base("ReleaseCmdlets", isCollectible: false)
    {
        this.dependencies = dependencies;
        platform = new HashSet<string>(
            ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Called once per process by the module's initializer (by reflection, as the module targets netstandard2.0).</summary>
    public static void Register(string dependencies)
    {
        lock (Gate)
        {
            if (registered is not null)
            {
                return;
            }

            registered = new ModuleLoadContext(dependencies);
            string models = Path.Combine(Path.GetDirectoryName(dependencies) ?? ".", ModelsName + ".dll");
            Default.Resolving += (context, name) => name.Name switch
            {
                EngineName => registered.LoadFromAssemblyName(name),
                ModelsName => context.LoadFromAssemblyPath(models),
                _ => null,
            };
        }
    }

    /// <summary>
    /// The engine and anything the runtime lacks come from the Dependencies folder; what the runtime has
    /// (System.Text.Json, System.Memory, …) is shared with it, so that framework types stay one and the same.
    /// </summary>
    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || name.Name == ModelsName || (platform.Contains(name.Name) && name.Name != EngineName))
        {
            return null;
        }

        string path = Path.Combine(dependencies, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
