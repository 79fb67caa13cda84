namespace ReleaseCmdlets.Engine.Http;

/// <summary>OAuth bearer tokens as users pass them: with or without the "bearer " prefix (the cf CLI keeps it).</summary>
public static class BearerToken
{
    private const string Prefix = "bearer ";

    /// <summary>The token alone: trimmed, its "bearer " prefix (any case) removed.</summary>
    public static string WithoutPrefix(string token)
    {
        string value = token.Trim();
        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value.Substring(Prefix.Length).Trim() : value;
    }
}
