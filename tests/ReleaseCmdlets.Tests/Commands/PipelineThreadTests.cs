using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ReleaseCmdlets.Commands;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// The cmdlet base's handling of background work, with cmdlets made for the test (no service involved): waits that do
/// not spin, Ctrl+C that ends a wait at once, and a defect in one cancel that stays one error for that input.
/// </summary>
public class PipelineThreadTests
{
    [Fact]
    public void A_wait_after_many_synchronous_calls_does_not_spin()
    {
        var (output, errors) = Run("Test-Waits -Synchronous 500 -SlowMilliseconds 300");

        Assert.Empty(errors);
        // Only the slow call's wait counts: woken once by its end (it cannot have ended before the wait began), perhaps
        // once more by a log line; a wait that spun would count thousands.
        Assert.InRange((int)Assert.Single(output).BaseObject, 1, 3);
    }

    [Fact]
    public void Ctrl_C_ends_a_wait_at_once_even_when_the_work_ignores_cancellation()
    {
        TestWaitsCommand.Waiting.Reset();
        using var runspace = TestRunspace.Open(typeof(TestWaitsCommand));
        using var powershell = PowerShell.Create(runspace);
        powershell.AddScript("Test-Waits -Synchronous 0 -SlowMilliseconds 10000 -IgnoreCancellation");
        var running = powershell.BeginInvoke();
        Assert.True(TestWaitsCommand.Waiting.Wait(TimeSpan.FromSeconds(30)), "Test-Waits never began its wait");

        var clock = Stopwatch.StartNew();
        powershell.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {clock.Elapsed}");
        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, powershell.InvocationStateInfo.State);
    }

    [Fact]
    public void A_defect_in_one_cancel_is_one_error_for_that_input_and_the_others_go_on()
    {
        var (output, errors) = Run("'a', 'boom', 'c' | Test-Cancels -Confirm:$false");

        Assert.Equal(new[] { "a", "c" }, output.Select(item => ((ReleaseInfo)item.BaseObject).Id));
        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("UnexpectedError,ReleaseCmdlets.Tests.Commands.PipelineThreadTests+TestCancelsCommand", error.FullyQualifiedErrorId);
        Assert.Equal("boom", error.TargetObject);
        Assert.Contains("arithmetic", error.Exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A result that finishes while the last look writes the log (between seeing the head of the queue unfinished and
    /// counting what still runs) is written all the same: the command's end never leaves a finished result unwritten.
    /// </summary>
    [Fact]
    public void A_result_that_finishes_during_the_last_look_is_still_written()
    {
        TestLateResultsCommand.Late = new TaskCompletionSource<ReleaseInfo>();
        using var runspace = TestRunspace.Open(typeof(TestLateResultsCommand));
        using var powershell = PowerShell.Create(runspace);
        // The verbose line is written by the end's first look at the queue, after it saw "late" unfinished.
        PSDataCollection<VerboseRecord> verbose = powershell.Streams.Verbose;
        verbose.DataAdded += (_, added) =>
        {
            if (verbose[added.Index].Message == "finishing late")
            {
                TestLateResultsCommand.Late.TrySetResult(new Baseten.BasetenPromotion { Id = "late" });
            }
        };
        powershell.AddScript("'late', 'last' | Test-LateResults -ThrottleLimit 2 -Verbose -Confirm:$false");

        var output = powershell.Invoke();

        Assert.Empty(powershell.Streams.Error);
        Assert.Equal(new[] { "late", "last" }, output.Select(item => ((ReleaseInfo)item.BaseObject).Id));
    }

    private static (IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) Run(string script) =>
        TestRunspace.Run(script, typeof(TestWaitsCommand), typeof(TestCancelsCommand));

    [Cmdlet("Test", "Waits")]
    public sealed class TestWaitsCommand : ServiceCmdlet
    {
        [Parameter] public int Synchronous { get; set; }

        [Parameter] public int SlowMilliseconds { get; set; }

        [Parameter] public SwitchParameter IgnoreCancellation { get; set; }

        /// <summary>Set just before the slow call's wait begins.</summary>
        public static ManualResetEventSlim Waiting { get; } = new();

        protected override string PermissionAdvice => "";

        private protected override Uri ServiceBaseUrl { get; } = new("http://localhost/");

        private protected override string Provider => "Test";

        protected override void Connect()
        {
        }

        protected override void Process()
        {
            for (int i = 0; i < Synchronous; i++)
            {
                Invoke(_ => Task.FromResult(i));
            }

            int before = WakeUps;
            Waiting.Set();
            Invoke(token => Task.Delay(SlowMilliseconds, IgnoreCancellation ? CancellationToken.None : token).ContinueWith(_ => 0, TaskScheduler.Default));
            WriteObject(WakeUps - before);
        }
    }

    [Cmdlet("Test", "Cancels", SupportsShouldProcess = true)]
    public sealed class TestCancelsCommand : ServiceCmdlet
    {
        private CancelRun? cancels;

        [Parameter(ValueFromPipeline = true)] public string Name { get; set; } = "";

        protected override string PermissionAdvice => "";

        private protected override Uri ServiceBaseUrl { get; } = new("http://localhost/");

        private protected override string Provider => "Test";

        protected override void Connect()
        {
        }

        protected override void Process() =>
            Perform((cancels ??= StartCancels(new CancelRunSettings())).Cancel(Name, Name, _ => Name == "boom"
                ? Task.FromException<ReleaseInfo>(new ArithmeticException("an arithmetic defect"))
                : Task.FromResult<ReleaseInfo>(new Baseten.BasetenPromotion { Id = Name })));
    }

    [Cmdlet("Test", "LateResults", SupportsShouldProcess = true)]
    public sealed class TestLateResultsCommand : ServiceCmdlet
    {
        public static TaskCompletionSource<ReleaseInfo> Late { get; set; } = new();

        [Parameter(ValueFromPipeline = true)] public string Name { get; set; } = "";

        private readonly CancelRunSettings stop = new();
        private CancelRun? cancels;

        [Parameter] public int ThrottleLimit { get => stop.MaximumInFlight; set => stop.MaximumInFlight = value; }

        protected override string PermissionAdvice => "";

        private protected override Uri ServiceBaseUrl { get; } = new("http://localhost/");

        private protected override string Provider => "Test";

        protected override void Connect()
        {
        }

        protected override void Process()
        {
            Perform((cancels ??= StartCancels(stop)).Cancel(Name, Name, _ => Name == "late" ? Late.Task : Task.FromResult<ReleaseInfo>(new Baseten.BasetenPromotion { Id = Name })));
            if (Name == "last")
            {
                // Queued after this input's look: the end's first look writes it, and its writing finishes "late".
                Log.Verbose("finishing late");
            }
        }
    }
}
