using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ReleaseCmdlets;

/// <summary>
/// Makes the Dependencies folder reachable at import, without loading any of it. On PowerShell 7 the engine and its
/// dependencies load into the module's own AssemblyLoadContext; on Windows PowerShell 5.1 they load from the folder
/// when the runtime asks for them (there are no load contexts there).
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly string Dependencies =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies");

    private static bool initialized;

    public void OnImport()
    {
        if (initialized)
        {
            return;
        }

        initialized = true;
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencies;
            return;
        }

        Assembly loader = Assembly.LoadFrom(Path.Combine(Dependencies, "ReleaseCmdlets.LoadContext.dll"));
        loader.GetType("ReleaseCmdlets.LoadContext.ModuleLoadContext", throwOnError: true)!
            .GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, new object[] { Dependencies });
    }

    private static Assembly? ResolveFromDependencies(object? sender, ResolveEventArgs args)
    {
        string file = new AssemblyName(args.Name).Name + ".dll";
        string path = Path.Combine(Dependencies, file);
        string topLevel = Path.Combine(Path.GetDirectoryName(Dependencies) ?? ".", file);
        return File.Exists(path) ? Assembly.LoadFrom(path)
            : File.Exists(topLevel) ? Assembly.LoadFrom(topLevel)
            : null;
    }
}
