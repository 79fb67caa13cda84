using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ReleaseCmdlets.Loading;

/// <summary>
/// Makes the engine reachable at import, without loading any of it. On PowerShell 7 (.NET) the net8.0 engine and its
/// dependencies load into the module's own AssemblyLoadContext from Dependencies/net8.0; on Windows PowerShell 5.1
/// (.NET Framework, no load contexts) the netstandard2.0 engine loads from Dependencies/netstandard2.0 through a
/// resolver that answers only the module's own requests.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
    private static readonly object Gate = new();
    private static DependencyResolver? resolver;
    private static bool loadContextRegistered;

    internal static bool IsNetFramework { get; } = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <summary>The folder the engine and its dependencies load from in this runtime.</summary>
    internal static string Dependencies { get; } = Path.Combine(ModuleFolder, "Dependencies", IsNetFramework ? "netstandard2.0" : "net8.0");

    public void OnImport()
    {
        lock (Gate)
        {
            if (IsNetFramework)
            {
                if (resolver is null)
                {
                    resolver = new DependencyResolver(ModuleFolder, Dependencies);
                    AppDomain.CurrentDomain.AssemblyResolve += resolver.Resolve;
                }

                return;
            }

            if (!loadContextRegistered)
            {
                // Once per process: the load context outlives the module (loaded assemblies cannot be unloaded).
                Assembly loader = Assembly.LoadFrom(Path.Combine(Dependencies, "ReleaseCmdlets.LoadContext.dll"));
                loader.GetType("ReleaseCmdlets.LoadContext.ModuleLoadContext", throwOnError: true)!
                    .GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!
                    .Invoke(null, new object[] { Dependencies, Path.Combine(ModuleFolder, "ReleaseCmdlets.Models.dll") });
                loadContextRegistered = true;
            }
        }
    }

    /// <summary>Remove-Module: the resolver stops answering (assemblies it loaded stay, as .NET Framework cannot unload them).</summary>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (resolver is not null)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= resolver.Resolve;
                resolver = null;
            }
        }
    }
}
