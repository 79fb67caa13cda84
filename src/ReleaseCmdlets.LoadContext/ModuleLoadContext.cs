using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace ReleaseCmdlets.LoadContext;

/// <summary>
/// Loads ReleaseCmdlets.Engine (its net8.0 build) and its dependencies (Microsoft.Extensions.*) from the module's
/// Dependencies/net8.0 folder into a context of their own; ReleaseCmdlets.Models stays in the default context.
/// </summary>
/// <remarks>
/// Only the assemblies of the .NET runtime itself are shared with the default context, and they are chosen by simple
/// name: the runtime's System.Text.Json, System.Memory, … are never older than the net8.0 engine needs. Nothing the
/// host application ships beside the runtime is shared, whatever its version: PowerShell 7.4/7.5 ship
/// Microsoft.Bcl.AsyncInterfaces 5.0.0.0, an app hosting the engine may ship other Microsoft.Extensions.* than ours,
/// and another module may load its own into the default context before or after this one. The net8.0 engine
/// references no polyfill, so none is loaded at all.
/// </remarks>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private const string EngineName = "ReleaseCmdlets.Engine";

    /// <summary>The output types: shared with PowerShell's default context, so that type literals resolve.</summary>
    private const string ModelsName = "ReleaseCmdlets.Models";
    private static readonly object Gate = new();
    private static ModuleLoadContext? registered;

    private readonly string dependencies;
    private readonly Lazy<HashSet<string>> runtimeAssemblies = new(RuntimeAssemblyNames);

    private ModuleLoadContext(string dependencies)
        : base("ReleaseCmdlets", isCollectible: false)
    {
        this.dependencies = dependencies;
    }

    /// <summary>Called once per process by the module's initializer (by reflection, as the module targets netstandard2.0).</summary>
    /// <param name="dependencies">The Dependencies/net8.0 folder.</param>
    /// <param name="models">The path of ReleaseCmdlets.Models.dll.</param>
    public static void Register(string dependencies, string models)
    {
        lock (Gate)
        {
            if (registered is not null)
            {
                return;
            }

            registered = new ModuleLoadContext(dependencies);
            Default.Resolving += (context, name) => name.Name switch
            {
                EngineName => registered.LoadFromAssemblyName(name),
                ModelsName => context.LoadFromAssemblyPath(models),
                _ => null,
            };
        }
    }

    /// <summary>Whether the context takes this assembly from the default context rather than from its own folder.</summary>
    public static bool IsShared(string simpleName, ISet<string> runtimeAssemblies) =>
        simpleName == ModelsName || (simpleName != EngineName && runtimeAssemblies.Contains(simpleName));

    /// <summary>
    /// The simple names of the running .NET runtime's own assemblies (Microsoft.NETCore.App): the files beside
    /// System.Private.CoreLib. (A single-file host has no such folder: then the set is empty, and what the module's
    /// folder lacks still comes from the default context.)
    /// </summary>
    public static HashSet<string> RuntimeAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string folder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        if (folder.Length > 0 && Directory.Exists(folder))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.dll"))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return names;
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || IsShared(name.Name, runtimeAssemblies.Value))
        {
            return null;
        }

        string path = Path.Combine(dependencies, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
