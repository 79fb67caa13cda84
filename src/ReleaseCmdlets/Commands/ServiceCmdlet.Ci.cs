using System.Reflection;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The module in a CI step (<see cref="CiSystem"/>): each error and warning it writes also becomes one annotation,
/// unless the caller silenced it; waits are status lines; a Stop cmdlet publishes a summary of what it did and its
/// counts. Every line passes the command's secret boundary. Nothing of this happens outside CI.
/// </summary>
public abstract partial class ServiceCmdlet
{
    private const int LongestTargetText = 200;
    private CiSystem? ci;
    private bool errorsSilenced;
    private bool warningsSilenced;
    private StepSummary? summary;

    /// <summary>The service's name as its objects give it (<see cref="ReleaseInfo.Provider"/>).</summary>
    private protected abstract string Provider { get; }

    /// <summary>What a Stop cmdlet did, input by input, for the CI summary; null outside CI, in the Get cmdlets, and once published.</summary>
    private StepSummary? Summary => summary;

    private void BeginCi()
    {
        if (CiSystem.Detect(Environment.GetEnvironmentVariable) is not CiSystem system)
        {
            return;
        }

        ci = system;
        errorsSilenced = !Wants("ErrorAction", "ErrorActionPreference", whenUnknown: true);
        warningsSilenced = !Wants("WarningAction", "WarningPreference", whenUnknown: true);
        if (GetType().GetCustomAttribute<CmdletAttribute>()?.VerbName == VerbsLifecycle.Stop)
        {
            summary = new StepSummary(MyInvocation.MyCommand.Name) { Reason = StatedReason };
        }

        Log.StatusLines = new StatusLines(() => DateTimeOffset.UtcNow);
        Log.WarningAnnotation = warning => warningsSilenced ? null : system.Annotation(isError: false, MyInvocation.MyCommand.Name, "Warning", warning);
    }

    /// <summary>Writes a non-terminating error, with its annotation in CI.</summary>
    private protected void Report(ErrorRecord record, string? asked = null)
    {
        Annotate(record, asked);
        WriteError(record);
    }

    /// <summary>Stops the command with the error, with its annotation and the summary of what was done in CI.</summary>
    internal void Terminate(ErrorRecord record, string? asked = null)
    {
        Annotate(record, asked);
        PublishSummary();
        ThrowTerminatingError(record);
    }

    /// <summary>The one annotation of an error: its id, what it is about (the input as asked), its message and advice.</summary>
    private void Annotate(ErrorRecord record, string? asked)
    {
        if (ci is null || errorsSilenced)
        {
            return;
        }

        string message = Secrets.Scrub(record.ErrorDetails?.Message ?? record.Exception.Message);
        var text = new System.Text.StringBuilder(Shortened(Secrets.Scrub(asked ?? InputNames.Of(record.TargetObject))));
        text.Append(text.Length == 0 ? "" : ": ").Append(message);
        if (record.ErrorDetails?.RecommendedAction is { Length: > 0 } action)
        {
            text.Append('\n').Append(Secrets.Scrub(action));
        }

        if (StatedReason is { Length: > 0 } reason)
        {
            text.Append("\nReason: ").Append(Shortened(Secrets.Scrub(reason)));
        }

        Log.WriteCiCommand(this, ci.Annotation(isError: true, MyInvocation.MyCommand.Name, record.FullyQualifiedErrorId.Split(',')[0], text.ToString()));
    }

    /// <summary>Publishes the summary once, when a Stop cmdlet ends (or stops on an error) having had an input.</summary>
    private void PublishSummary()
    {
        if (ci is null || summary is not { IsEmpty: false } done)
        {
            return;
        }

        summary = null;
        try
        {
            foreach (string line in ci.Publish(done.ToMarkdown(Secrets.Scrub), done.Counts))
            {
                Log.WriteCiCommand(this, line);
            }
        }
        catch (Exception exception) when (exception is System.IO.IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            Log.Warning($"The CI summary could not be written: {exception.Message}");
            Log.WriteTo(this);
        }
    }

    /// <summary>Why the command acts, as it was told (a Stop's -Reason): in its summary and each annotation.</summary>
    private string? StatedReason => MyInvocation.BoundParameters.TryGetValue("Reason", out object? reason) ? reason as string : null;

    private static string Shortened(string text) =>
        text.Length <= LongestTargetText ? text : $"{text.Substring(0, LongestTargetText)}… ({text.Length} characters)";
}
