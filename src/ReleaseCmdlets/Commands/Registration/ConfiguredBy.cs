namespace ReleaseCmdlets.Commands;

/// <summary>Where a service's URL and credential come from when none was given in the session: its environment variables.</summary>
internal sealed class ConfiguredBy
{
    /// <param name="urlVariable">The variable that names the URL (null: only the default).</param>
    /// <param name="defaultUrl">The URL when the variable is not set (null: none).</param>
    /// <param name="credentialVariables">The credential's variables, as a refusal names them.</param>
    /// <param name="listCommand">The Get cmdlet and parameters that give a credential for a URL in the session.</param>
    public ConfiguredBy(string? urlVariable, string? defaultUrl, string credentialVariables, string listCommand) =>
        (UrlVariable, DefaultUrl, CredentialVariables, ListCommand) = (urlVariable, defaultUrl, credentialVariables, listCommand);

    public string? UrlVariable { get; }

    public string? DefaultUrl { get; }

    public string CredentialVariables { get; }

    public string ListCommand { get; }
}
