using System.Linq;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The names the Get cmdlets wrote in this session (this process), newest first, for tab completion: each object says
/// which of its names complete which parameter (<see cref="ReleaseInfo.CompletionNames"/>). Nothing is read from a
/// service to complete a name.
/// </summary>
internal static class ListedNames
{
    /// <summary>The most names kept of one kind.</summary>
    private const int MostNames = 1000;

    private static readonly object Gate = new();
    private static readonly Dictionary<string, List<string>> Names = new(StringComparer.Ordinal);

    /// <summary>Remembers the names an object written by a Get cmdlet gives completion.</summary>
    public static void Remember(ReleaseInfo release)
    {
        foreach (KeyValuePair<string, string?> name in release.CompletionNames)
        {
            if (!string.IsNullOrEmpty(name.Value))
            {
                Add(name.Key, name.Value!);
            }
        }
    }

    /// <summary>The remembered names of a kind that start with what was typed, newest first.</summary>
    public static IReadOnlyList<string> Matching(string kind, string? typed)
    {
        lock (Gate)
        {
            return Names.TryGetValue(kind, out List<string>? names)
                ? names.Where(name => name.StartsWith(typed ?? "", StringComparison.OrdinalIgnoreCase)).ToList()
                : Array.Empty<string>();
        }
    }

    private static void Add(string kind, string name)
    {
        lock (Gate)
        {
            if (!Names.TryGetValue(kind, out List<string>? names))
            {
                Names[kind] = names = new List<string>();
            }

            if (names.Count > 0 && names[0] == name)
            {
                return;
            }

            names.Remove(name);
            names.Insert(0, name);
            if (names.Count > MostNames)
            {
                names.RemoveAt(names.Count - 1);
            }
        }
    }
}
