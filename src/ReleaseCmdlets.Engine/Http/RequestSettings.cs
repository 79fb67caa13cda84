namespace ReleaseCmdlets.Engine.Http;

/// <summary>How the shared HTTP stack treats the requests of one cmdlet invocation.</summary>
public sealed class RequestSettings
{
    /// <summary>The most requests one command sends at once (-ThrottleLimit's maximum); every handler allows that many connections per server.</summary>
    public const int MaximumConcurrentRequests = 60;

    /// <summary>
    /// What one request may take, its retries and their waits included (-TimeoutSec);
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none. A streamed body is bounded by it as an idle limit.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public int MaximumRetryCount { get; set; } = 3;

    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff between attempts when the service names no wait.</summary>
    public TimeSpan MaximumRetryWait { get; set; } = TimeSpan.FromSeconds(120);

    public bool SkipCertificateCheck { get; set; }

    public IRequestLog Log { get; set; } = NullRequestLog.Instance;

    /// <summary>
    /// The command's secrets masked in a service's text, a secret cut off at its end included: applied before any text
    /// is shortened for a message (the redaction boundary's, given by the cmdlet).
    /// </summary>
    public Func<string, string> MaskSecrets { get; set; } = text => text;

    /// <summary>Whether a credential may go over http:// to a host other than loopback (-AllowUnencryptedAuthentication).</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    /// <summary>The clock of every wait and time limit (budgets, retries, polls): a virtual one in tests.</summary>
    internal TimeProvider Clock { get; set; } = DefaultClock;

    /// <summary>
    /// The clock that new settings start with: the system's. The Pester tests that test waiting replace it by
    /// reflection in their own process (tests/Pester/VirtualClock.ps1); no parameter, variable or file can.
    /// </summary>
    internal static TimeProvider DefaultClock { get; set; } = TimeProvider.System;
}

internal sealed class NullRequestLog : IRequestLog
{
    public static readonly NullRequestLog Instance = new();

    public bool VerboseEnabled => false;

    public bool DebugEnabled => false;

    public void Verbose(string message) { }

    public void Debug(string message) { }

    public void Warning(string message) { }

    public void Waiting(string? status, System.DateTimeOffset until) { }
}
