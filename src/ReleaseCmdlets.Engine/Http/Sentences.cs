namespace ReleaseCmdlets.Engine.Http;

/// <summary>Joins a service's words with the module's own so that they read as sentences.</summary>
public static class Sentences
{
    /// <summary>The text, ending with a full stop unless it already ends a sentence.</summary>
    public static string Ended(string text)
    {
        string trimmed = text.TrimEnd();
        return trimmed.Length == 0 || trimmed[trimmed.Length - 1] is '.' or '!' or '?' or ')' or '"' or '\'' ? trimmed : trimmed + ".";
    }

    /// <summary>The first text as a sentence, then the second.</summary>
    public static string Join(string first, string then) => $"{Ended(first)} {then}";
}
