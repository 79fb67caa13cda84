namespace ReleaseCmdlets.Commands;

/// <summary>What a Stop command's <see cref="CancelRun"/> is told: its Stop parameters, its service, what its errors advise.</summary>
internal sealed class CancelRunSettings
{
    /// <summary>How many cancels may be in flight at once (-ThrottleLimit); results keep the input order.</summary>
    public int MaximumInFlight { get; set; } = 1;

    /// <summary>
    /// Why the inputs are cancelled (-Reason): in the verbose log, the CI summary and annotations; a service with a
    /// field for it (BuildMaster) is sent it by its Stop cmdlet.
    /// </summary>
    public string? Reason { get; set; }

    /// <summary>-IfInFlight: a target that exists with nothing in flight is a verbose line (and a summary row), not an error.</summary>
    public bool OnlyIfInFlight { get; set; }

    /// <summary>-TimeoutSec as a time, for -Wait; null for none.</summary>
    public TimeSpan? TimeLimit { get; set; }

    /// <summary>The service as its objects name it, for the CI summary's rows.</summary>
    public string Provider { get; set; } = "";

    /// <summary>What the command's credential must be allowed, said when the service refuses it (403).</summary>
    public string? PermissionAdvice { get; set; }

    /// <summary>What was cancelled, input by input, for the CI summary; null outside CI.</summary>
    public StepSummary? Summary { get; set; }

    /// <summary>A command that cancels on several services hears that one of them refused its credential (401).</summary>
    public Action<CancelSite, ErrorRecord>? SiteRefused { get; set; }
}
