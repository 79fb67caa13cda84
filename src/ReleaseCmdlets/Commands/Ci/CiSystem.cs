namespace ReleaseCmdlets.Commands;

/// <summary>
/// The CI system a command runs in, as the system's own variables say (GitHub Actions sets GITHUB_ACTIONS=true, Azure
/// Pipelines TF_BUILD=True), unless RELEASECMDLETS_CI turns it off. It writes the log lines that make annotations and
/// publishes what a Stop cmdlet did. At a console and in any other host there is none, and nothing changes.
/// </summary>
internal abstract class CiSystem
{
    /// <summary>Set to off, false or 0 to turn the CI integration off.</summary>
    public const string SwitchVariable = "RELEASECMDLETS_CI";

    protected CiSystem(Func<string, string?> environment) => Environment = environment;

    protected Func<string, string?> Environment { get; }

    public static CiSystem? Detect(Func<string, string?> environment)
    {
        if (environment(SwitchVariable)?.Trim() is string setting
            && (setting.Equals("off", StringComparison.OrdinalIgnoreCase) || setting.Equals("false", StringComparison.OrdinalIgnoreCase) || setting == "0"))
        {
            return null;
        }

        if (string.Equals(environment("GITHUB_ACTIONS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new GitHubActions(environment);
        }

        return string.Equals(environment("TF_BUILD")?.Trim(), "true", StringComparison.OrdinalIgnoreCase) ? new AzurePipelines(environment) : null;
    }

    /// <summary>
    /// The one log line that makes an error or warning annotation titled with the command and its error id. The message
    /// is already scrubbed, its service text made visible; the line breaks of the module's own text are escaped here.
    /// </summary>
    public abstract string Annotation(bool isError, string command, string errorId, string message);

    /// <summary>
    /// Publishes a Stop cmdlet's summary (Markdown) and its counts as the system takes them: files it names (GitHub), or
    /// log lines returned to be written (Azure).
    /// </summary>
    public abstract IReadOnlyList<string> Publish(string markdown, SummaryCounts counts);
}
