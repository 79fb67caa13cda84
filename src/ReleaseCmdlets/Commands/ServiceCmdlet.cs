using System.Linq;
using System.Reflection;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What every cmdlet of the module shares: the reliability parameters, resolving URL and credential (parameter, then
/// environment), the cancellation token behind Ctrl+C, waiting for a call while writing its log lines on the pipeline
/// thread, and turning service failures into ErrorRecords.
/// </summary>
public abstract partial class ServiceCmdlet : PSCmdlet, IDisposable
{
    private const int MaximumTimeoutSec = int.MaxValue / 1000;
    private readonly PipelineWaits waits = new();
    private readonly Action writeLogWhileWaiting;
    private bool? holdsWarnings;
    private bool? remembersNames;
    private Action? rememberCredential;
    private Func<IEnumerable<OutputStep>>? ending;

    protected ServiceCmdlet()
    {
        Log = new PipelineLog(waits.WakeUp, Secrets);
        Arguments = new ArgumentResolver(Secrets);
        writeLogWhileWaiting = () => Log.WriteTo(this, includeWarnings: !HoldsWarnings);
    }

    /// <summary>Seconds a request may take, its retries and their waits together (for a streamed listing, between two whole elements; the whole wait with -Wait); 0 means no limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>How many times a transient failure is retried: failed connections and the answers the service's own client retries.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; } = 3;

    /// <summary>The first backoff interval in seconds when the service does not say how long to wait; doubles per retry.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int RetryIntervalSec { get; set; } = 1;

    /// <summary>Accept any server certificate (self-hosted servers with private certificates).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Allow sending a credential over http:// to a host other than loopback.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    internal PipelineLog Log { get; }

    /// <summary>Parameters, environment and defaults, checked before any request.</summary>
    internal ArgumentResolver Arguments { get; }

    /// <summary>What resolving the connection needs (BeginProcessing, before <see cref="Connect"/>).</summary>
    internal ConnectionContext Connection { get; private set; } = null!;

    protected CancellationToken Cancellation => waits.Token;

    /// <summary>The command's one redaction boundary: what it knows of its secrets, and what scrubs every stream.</summary>
    internal SecretBoundary Secrets { get; } = new(ProxyCredentials.FromEnvironment());

    // The three steps run the engine: should one of its assemblies fail to load or bind in this host, the user gets
    // one ErrorRecord that names it (DependencyFailure) instead of the loader's exception.
    private Action? process;

    protected sealed override void BeginProcessing() => Guarded(() =>
    {
        waits.Begin();
        Log.VerboseEnabled = Wants("Verbose", "VerbosePreference");
        Log.DebugEnabled = Wants("Debug", "DebugPreference");
        BeginCi();
        Arguments.Begin(MyInvocation.BoundParameters);
        Connection = new ConnectionContext(Arguments, Secrets, Log, CreateRequestSettings());
        Connect();
    });

    protected sealed override void ProcessRecord() => Guarded(process ??= Process);

    protected sealed override void EndProcessing()
    {
        try
        {
            Guarded(End);
            PublishSummary();
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>
    /// Runs a step: a refused argument stops the command with its record, and an engine assembly that fails to load
    /// is one ErrorRecord naming it (DependencyFailure).
    /// </summary>
    private void Guarded(Action step)
    {
        try
        {
            step();
        }
        catch (RefusedArgumentException refused)
        {
            Stop(refused.Record);
        }
        catch (Exception exception) when (DependencyFailure.Describe(exception) is ErrorRecord record)
        {
            Terminate(record);
        }
    }

    /// <summary>
    /// Keeps a credential given as a parameter for its URL, in this session, once the service has taken it (the first
    /// object written): Stop-InFlightRelease then cancels objects listed there without it being passed again.
    /// </summary>
    private protected void RememberGiven<TCredential>(string provider, Uri url, TCredential credential)
        where TCredential : class =>
        rememberCredential = () => SessionCredentials.Remember(provider, url, credential);

    /// <summary>Resolves URL and credentials and creates the client; any problem is a terminating error before any request.</summary>
    protected abstract void Connect();

    /// <summary>The URL the command sends to (its client's), which every object it writes remembers.</summary>
    private protected abstract Uri ServiceBaseUrl { get; }

    /// <summary>One input (ProcessRecord).</summary>
    protected abstract void Process();

    /// <summary>Ctrl+C (another thread): cancels the work in flight; safe against a concurrent Dispose.</summary>
    protected override void StopProcessing() => waits.Cancel();

    public void Dispose() => waits.Dispose();

    /// <summary>-TimeoutSec as a time; null for none (0, or more than a timer holds).</summary>
    private TimeSpan? TimeLimit => TimeoutSec is 0 or > MaximumTimeoutSec ? null : TimeSpan.FromSeconds(TimeoutSec);

    private RequestSettings CreateRequestSettings() => new()
    {
        Timeout = TimeLimit ?? Timeout.InfiniteTimeSpan,
        MaximumRetryCount = MaximumRetryCount,
        RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
        SkipCertificateCheck = SkipCertificateCheck,
        AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
        Log = Log,
        MaskSecrets = Secrets.MaskCut,
    };

    /// <summary>Runs one call, writing its log lines as they arrive, and returns its result (or throws its failure).</summary>
    protected T Invoke<T>(Func<CancellationToken, Task<T>> call)
    {
        Task<T> task = Start(call);
        WaitForAny(new[] { task });
        return waits.Result(task);
    }

    /// <summary>Starts a call whose end wakes the pipeline thread.</summary>
    protected Task<T> Start<T>(Func<CancellationToken, Task<T>> call) => waits.Start(call);

    /// <summary>
    /// Blocks the pipeline thread until one of the started tasks ends, writing log lines meanwhile; Ctrl+C ends the
    /// wait at once, even if a task does not observe the cancellation.
    /// </summary>
    protected void WaitForAny(IReadOnlyList<Task> tasks) => waits.WaitForAny(tasks, writeLogWhileWaiting);

    /// <summary>How often the pipeline thread woke up while waiting: a wait that spun would show thousands.</summary>
    internal int WakeUps => waits.WakeUps;

    /// <summary>What the cmdlet's credential must be allowed, said when the service refuses it (403).</summary>
    protected abstract string PermissionAdvice { get; }

    /// <summary>
    /// Whether warnings wait until the results they are about are written: in a cmdlet that asks ShouldProcess, so
    /// that no prompt (-Confirm, -Debug, Inquire) can come between a warning and its result and lose it.
    /// </summary>
    private bool HoldsWarnings => holdsWarnings ??= GetType().GetCustomAttribute<CmdletAttribute>()?.SupportsShouldProcess == true;

    /// <summary>The task's result; a cancellation caused by Ctrl+C stops the pipeline quietly.</summary>
    private protected T Result<T>(Task<T> task) => waits.Result(task);

    /// <summary>
    /// Writes a failure as a non-terminating error, except a refused credential (401): every further input would fail
    /// the same way, so the command stops and reads no further input.
    /// </summary>
    protected void WriteServiceError(ServiceException exception, object? target)
    {
        ErrorRecord record = ErrorRecords.FromService(exception, target, Secrets, PermissionAdvice);
        if (exception.Kind == ServiceErrorKind.Unauthorized)
        {
            Terminate(ErrorRecords.StoppedByRefusal(record));
        }
        else
        {
            Report(record);
        }
    }

    /// <summary>
    /// A Stop command's cancels (<see cref="CancelRun"/>), made by its first input that needs them: a command that
    /// cancels nothing has none. Those still in flight end and are written as the command ends, or before it stops.
    /// </summary>
    private protected CancelRun StartCancels(CancelRunSettings settings)
    {
        settings.TimeLimit = TimeLimit;
        settings.Provider = Provider;
        settings.PermissionAdvice = PermissionAdvice;
        settings.Summary = Summary;
        var run = new CancelRun(settings, waits, Log, Secrets, ShouldProcess);
        ending = run.End;
        return run;
    }

    /// <summary>
    /// Does what a collaborator asks, on the pipeline thread: waits for the calls that run (writing log lines
    /// meanwhile), or writes one input's result (its object, then its error; or the error that stops the command).
    /// </summary>
    private protected void Perform(IEnumerable<OutputStep> steps)
    {
        foreach (OutputStep step in steps)
        {
            if (step.Running is { } running)
            {
                Log.WriteTo(this);
                WaitForAny(running);
                continue;
            }

            if (step.Release is ReleaseInfo release)
            {
                WriteRelease(release, step.At);
            }

            if (step.Error is ErrorRecord error)
            {
                if (step.Stops)
                {
                    Terminate(error, step.Asked);
                }
                else
                {
                    Report(error, step.Asked);
                }
            }
        }

        Log.WriteTo(this);
    }

    /// <summary>Stops the command for a problem found between inputs, after writing the results of earlier inputs.</summary>
    private void Stop(ErrorRecord error)
    {
        End();
        Terminate(error);
    }

    /// <summary>After the last input (EndProcessing): a Stop's cancels still in flight end and are written, then the last log lines.</summary>
    private void End() => Perform(ending?.Invoke() ?? Array.Empty<OutputStep>());

    /// <summary>
    /// Writes an object to the output, with the free text its service wrote scrubbed of the command's secrets. It
    /// remembers where it was listed or cancelled: the command's URL, or <paramref name="at"/>.
    /// </summary>
    protected void WriteRelease(ReleaseInfo release, Uri? at = null)
    {
        if (RemembersNames)
        {
            ListedNames.Remember(release);
        }

        if (rememberCredential is not null)
        {
            // The service took the credential given as a parameter: Stop-InFlightRelease may use it for this URL.
            rememberCredential();
            rememberCredential = null;
        }

        release.ServiceUrl = (at ?? ServiceBaseUrl).AbsoluteUri;
        release.ScrubServiceText(Secrets.TextScrubber);
        WriteObject(release);
    }

    /// <summary>Whether the names of what this command writes are kept for tab completion: a Get cmdlet's, a listing's.</summary>
    private bool RemembersNames => remembersNames ??= GetType().GetCustomAttribute<CmdletAttribute>()?.VerbName == VerbsCommon.Get;

    internal static string HostOf(Uri url) => url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";

    /// <summary>
    /// Whether a stream's common parameter (-Verbose, -ErrorAction …) or else its preference variable lets its records
    /// through: not SilentlyContinue or Ignore.
    /// </summary>
    private bool Wants(string parameter, string preferenceVariable, bool whenUnknown = false)
    {
        object? setting = MyInvocation.BoundParameters.TryGetValue(parameter, out object? bound) ? bound : GetVariableValue(preferenceVariable);
        if (setting is SwitchParameter flag)
        {
            return flag.IsPresent;
        }

        return Enum.TryParse($"{setting}", ignoreCase: true, out ActionPreference value)
            ? value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore)
            : whenUnknown;
    }
}
