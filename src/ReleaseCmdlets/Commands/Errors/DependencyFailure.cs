using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ReleaseCmdlets.Loading;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Turns a failure of the loader (an assembly of the engine that cannot be found, loaded or bound in this host) into
/// one ErrorRecord naming the assembly, the versions the process has of it, and the module's version. Uses no type of
/// the engine: it runs exactly when the engine could not be used.
/// </summary>
internal static class DependencyFailure
{
    private static readonly Regex FromAssembly = new("from assembly '(?<name>[^']+)'", RegexOptions.CultureInvariant);

    public static string ModuleVersion { get; } =
        typeof(DependencyFailure).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(DependencyFailure).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>The record for a loader failure anywhere in the exception's chain, or null for any other exception.</summary>
    public static ErrorRecord? Describe(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (Cause(current) is (string assembly, string problem))
            {
                return Record(current, assembly, problem);
            }
        }

        return null;
    }

    private static (string Assembly, string Problem)? Cause(Exception exception) => exception switch
    {
        FileNotFoundException missing when IsAssemblyName(missing.FileName) => (missing.FileName!, "it was not found"),
        FileLoadException refused when IsAssemblyName(refused.FileName) => (refused.FileName!, "it could not be loaded: " + refused.Message),
        BadImageFormatException bad when IsAssemblyName(bad.FileName) => (bad.FileName!, "the file is not a valid assembly for this runtime"),
        TypeLoadException type => (AssemblyIn(type.Message) ?? type.TypeName, "a type it should contain is missing: " + type.Message),
        MissingMemberException member => (AssemblyIn(member.Message) ?? "an assembly the module was built against",
            "a member it should contain is missing, so an older or different version was loaded: " + member.Message),
        _ => null,
    };

    private static ErrorRecord Record(Exception cause, string assembly, string problem)
    {
        string simpleName = SimpleName(assembly);
        string message =
            $"ReleaseCmdlets {ModuleVersion} could not use {assembly}: {problem}. Found in this process: {Found(simpleName)}. " +
            $"Shipped with the module: {Shipped(simpleName)}. Runtime: {RuntimeInformation.FrameworkDescription.Trim()}.";
        return new ErrorRecord(new PSInvalidOperationException(message, cause), ErrorIds.DependencyLoadFailed, ErrorCategory.NotInstalled, null)
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction =
                    "Start a new PowerShell session and import ReleaseCmdlets before other modules. If it fails again, reinstall it " +
                    "(Install-PSResource ReleaseCmdlets -Reinstall) and report this message with the output of $PSVersionTable.",
            },
        };
    }

    private static string Found(string simpleName)
    {
        List<string> versions = AppDomain.CurrentDomain.GetAssemblies()
            .Where(loaded => string.Equals(loaded.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase))
            .Select(loaded => $"{loaded.GetName().Version} ({(loaded.IsDynamic || loaded.Location.Length == 0 ? "in memory" : loaded.Location)})")
            .ToList();
        return versions.Count == 0 ? "no version loaded" : string.Join(", ", versions);
    }

    private static string Shipped(string simpleName)
    {
        string path = Path.Combine(ModuleInitializer.Dependencies, simpleName + ".dll");
        try
        {
            return File.Exists(path) ? $"{AssemblyName.GetAssemblyName(path).Version} ({path})" : $"none ({path} is missing)";
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            return $"an unreadable file ({path})";
        }
    }

    private static bool IsAssemblyName(string? fileName) =>
        fileName is not null && (fileName.IndexOf("Version=", StringComparison.OrdinalIgnoreCase) >= 0 || fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));

    private static string? AssemblyIn(string message) => FromAssembly.Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    private static string SimpleName(string assembly)
    {
        string name = assembly.Split(',')[0].Trim();
        return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(name) : name;
    }
}
