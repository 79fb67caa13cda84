using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace ReleaseCmdlets.Loading;

/// <summary>
/// Windows PowerShell 5.1 has no load contexts and no binding redirects for modules: the engine's dependencies are
/// found through AppDomain.AssemblyResolve. This resolver answers only for an assembly that the module itself asks for
/// (the requesting assembly lives in the module's folder), and only with a file whose version satisfies the request;
/// every other module's request is left to the runtime and to that module's own resolvers.
/// </summary>
internal sealed class DependencyResolver
{
    private readonly string moduleFolder;
    private readonly string[] searchFolders;
    private readonly ConcurrentDictionary<string, AssemblyName?> shipped = new(StringComparer.OrdinalIgnoreCase);

    public DependencyResolver(string moduleFolder, string dependencies)
    {
        this.moduleFolder = WithSeparator(Path.GetFullPath(moduleFolder));
        searchFolders = new[] { dependencies, moduleFolder };
    }

    public Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        string? path = Choose(new AssemblyName(args.Name), args.RequestingAssembly?.Location);
        return path is null ? null : Assembly.LoadFrom(path);
    }

    /// <summary>The file to load for a request, or null when the request is not the module's or no file satisfies it.</summary>
    /// <param name="requested">The assembly asked for.</param>
    /// <param name="requestingLocation">Where the asking assembly was loaded from (null when the runtime does not say).</param>
    public string? Choose(AssemblyName requested, string? requestingLocation)
    {
        if (requested.Name is null || string.IsNullOrEmpty(requestingLocation)
            || !Path.GetFullPath(requestingLocation).StartsWith(moduleFolder, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (string folder in searchFolders)
        {
            string path = Path.Combine(folder, requested.Name + ".dll");
            AssemblyName? candidate = shipped.GetOrAdd(path, NameOf);
            if (candidate is not null && Satisfies(candidate, requested))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Same name and public key token, and a version at least the one asked for (strong-named packages stay compatible upwards).</summary>
    private static bool Satisfies(AssemblyName candidate, AssemblyName requested)
    {
        if (!string.Equals(candidate.Name, requested.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (requested.Version is not null && (candidate.Version is null || candidate.Version < requested.Version))
        {
            return false;
        }

        byte[]? wanted = requested.GetPublicKeyToken();
        return wanted is null || wanted.Length == 0 || Convert.ToBase64String(wanted) == Convert.ToBase64String(candidate.GetPublicKeyToken() ?? Array.Empty<byte>());
    }

    private static AssemblyName? NameOf(string path)
    {
        try
        {
            return File.Exists(path) ? AssemblyName.GetAssemblyName(path) : null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            return null;
        }
    }

    private static string WithSeparator(string folder) =>
        folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
}
