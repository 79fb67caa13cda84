using System.Management.Automation;
using System.Reflection;
using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// A Stop command's cancels alone, with no PowerShell and no cmdlet: what <see cref="CancelRun"/> asks the command to
/// write or wait for, in order. The test takes each step as the command does, and a cancel ends only when a step asks
/// to wait (the newest first), so the order of results, the throttle and a refused credential are seen without timing.
/// </summary>
public class CancelRunTests
{
    /// <summary>The outcome of a cancel that lands: the release, canceled.</summary>
    private const string Canceled = "canceled";

    [Fact]
    public void Nothing_is_started_or_written_when_ShouldProcess_says_no()
    {
        var command = new Command(new CancelRunSettings(), shouldProcess: false);

        command.Do(command.Run.Cancel<BuildMasterRelease>("release 1", "release 1", _ => throw new InvalidOperationException("started without ShouldProcess")));
        command.Do(command.Run.End());

        Assert.Empty(command.Written);
        Assert.Equal(new[] { "Cancel release 1?" }, command.Asked);
    }

    [Fact]
    public void Each_input_is_one_result_in_input_order_an_object_or_its_non_terminating_error()
    {
        var command = new Command(new CancelRunSettings { MaximumInFlight = 3 });

        command.Cancel("release 1", Canceled);
        command.Cancel("release 2", ServiceException.Answered(404, "Release not found"));
        command.Cancel("release 3", Canceled);
        command.Do(command.Run.End());

        Assert.Equal(new[] { "release 1: canceled", "release 2: error NotFound", "release 3: canceled" }, command.Written);
    }

    [Fact]
    public void A_refused_credential_stops_the_command_after_every_cancel_in_flight_is_written_and_counts_the_others_refused()
    {
        var command = new Command(new CancelRunSettings { MaximumInFlight = 5 });

        command.Cancel("release 1", Canceled);
        command.Cancel("release 2", ServiceException.Answered(401, "Unauthorized"));
        command.Cancel("release 3", ServiceException.Answered(401, "Unauthorized"));
        command.Cancel("release 4", Canceled);
        Assert.Empty(command.Waits);
        command.Do(command.Run.End());

        Assert.Equal(new[] { "release 1: canceled", "release 4: canceled", "release 2: stops AuthenticationFailed" }, command.Written);
        Assert.EndsWith("The credential was refused, so the command stopped and read no further input. 1 other input already sent was refused too.", command.Stopped!.ErrorDetails.Message);
    }

    [Fact]
    public void With_IfInFlight_a_target_with_nothing_in_flight_writes_nothing_and_without_it_is_an_error()
    {
        ServiceException nothing = ServiceException.NothingToCancel(ServiceErrorKind.InvalidOperation, "Release 1 is already deployed.", "NothingInFlight");
        var quiet = new Command(new CancelRunSettings { OnlyIfInFlight = true });
        var strict = new Command(new CancelRunSettings());

        quiet.Cancel("release 1", nothing);
        quiet.Do(quiet.Run.End());
        strict.Cancel("release 1", nothing);
        strict.Do(strict.Run.End());

        Assert.Empty(quiet.Written);
        Assert.Equal(new[] { "release 1: error NothingInFlight" }, strict.Written);
    }

    [Fact]
    public void A_refusal_on_one_of_several_services_is_that_input_s_error_and_the_command_hears_of_it()
    {
        var refusedSites = new List<CancelSite>();
        var command = new Command(new CancelRunSettings { SiteRefused = (site, _) => refusedSites.Add(site) });
        var site = new CancelSite("BuildMaster", new Uri("https://bm.example.com/"), "Use a key that may cancel releases.");

        command.Cancel("release 1", ServiceException.Answered(401, "Unauthorized"), site);
        command.Cancel("release 2", Canceled, site);
        command.Do(command.Run.End());

        Assert.Equal(new[] { "release 1: error AuthenticationFailed", "release 2: canceled" }, command.Written);
        Assert.Equal(new[] { site }, refusedSites);
        Assert.Null(command.Stopped);
    }

    [Fact]
    public void A_failure_found_before_any_cancel_is_written_after_the_results_of_earlier_inputs()
    {
        var command = new Command(new CancelRunSettings { MaximumInFlight = 2 });

        command.Cancel("release 1", Canceled);
        command.Do(command.Run.Fail("worker-a", ServiceException.Answered(404, "Worker not found")));
        command.Cancel("release 3", Canceled);
        command.Do(command.Run.End());

        Assert.Equal(new[] { "release 1: canceled", "worker-a: error NotFound", "release 3: canceled" }, command.Written);
    }

    [Fact]
    public void Only_the_Stop_cmdlets_have_cancels()
    {
        Type[] cmdlets = typeof(ServiceCmdlet).Assembly.GetTypes().Where(type => !type.IsAbstract && type.GetCustomAttribute<CmdletAttribute>() is not null).ToArray();

        Assert.NotEmpty(cmdlets);
        Assert.All(cmdlets, cmdlet => Assert.Equal(
            cmdlet.GetCustomAttribute<CmdletAttribute>()!.VerbName == VerbsLifecycle.Stop,
            FieldsOf(cmdlet).Any(field => field.FieldType == typeof(CancelRun) || field.FieldType == typeof(CancelQueue))));
    }

    /// <summary>Every instance field of the type and of its bases, private ones included.</summary>
    private static IEnumerable<FieldInfo> FieldsOf(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return field;
            }
        }
    }

    /// <summary>Takes the steps as a Stop command does: writes what it is told, and on a wait ends the newest cancel waited for.</summary>
    private sealed class Command
    {
        private readonly List<(string Target, TaskCompletionSource<BuildMasterRelease> Cancel, object Outcome)> started = new();

        public Command(CancelRunSettings settings, bool shouldProcess = true)
        {
            var secrets = new SecretBoundary(Array.Empty<string>());
            Run = new CancelRun(settings, new PipelineWaits(), new PipelineLog(() => { }, secrets), secrets, (target, action) =>
            {
                Asked.Add($"{action} {target}?");
                return shouldProcess;
            });
        }

        public CancelRun Run { get; }

        public List<string> Asked { get; } = new();

        public List<string> Written { get; } = new();

        public List<IReadOnlyList<Task>> Waits { get; } = new();

        public ErrorRecord? Stopped { get; private set; }

        /// <summary>Queues a cancel that ends, with this outcome, when a step waits for it.</summary>
        public void Cancel(string target, object outcome, CancelSite? site = null) =>
            Do(Run.Cancel(target, target, _ =>
            {
                var cancel = new TaskCompletionSource<BuildMasterRelease>();
                started.Add((target, cancel, outcome));
                return cancel.Task;
            }, site: site));

        public void Do(IEnumerable<OutputStep> steps)
        {
            foreach (OutputStep step in steps)
            {
                if (step.Running is { } running)
                {
                    Waits.Add(running.ToArray());
                    (string target, TaskCompletionSource<BuildMasterRelease> cancel, object outcome) = started.Last(item => running.Contains(item.Cancel.Task));
                    if (outcome is Exception failure)
                    {
                        cancel.SetException(failure);
                    }
                    else
                    {
                        cancel.SetResult(new BuildMasterRelease { Id = target, Status = Canceled, IsFinal = true });
                    }

                    continue;
                }

                if (step.Stops)
                {
                    Stopped = step.Error;
                    Written.Add($"{step.Asked}: stops {step.Error!.FullyQualifiedErrorId}");
                    return;
                }

                if (step.Release is { } release)
                {
                    Written.Add($"{release.Id}: {release.Status}");
                }

                if (step.Error is { } error)
                {
                    Written.Add($"{step.Asked}: error {error.FullyQualifiedErrorId}");
                }
            }
        }
    }
}
