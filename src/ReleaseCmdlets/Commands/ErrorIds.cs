namespace ReleaseCmdlets.Commands;

/// <summary>The error ids the module writes (FullyQualifiedErrorId is "&lt;id&gt;,&lt;cmdlet class&gt;").</summary>
public static class ErrorIds
{
    public const string MissingUrl = "MissingUrl";
    public const string InvalidUrl = "InvalidUrl";
    public const string MissingCredential = "MissingCredential";
    public const string UnencryptedAuthenticationRefused = "UnencryptedAuthenticationRefused";
    public const string InvalidCliConfig = "InvalidCliConfig";
    public const string ReleaseNotFound = "ReleaseNotFound";
    public const string MissingAccountId = "MissingAccountId";
    public const string DependencyLoadFailed = "DependencyLoadFailed";
    public const string UnexpectedError = "UnexpectedError";
}
