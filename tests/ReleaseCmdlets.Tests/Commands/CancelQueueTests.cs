using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Commands;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// A Stop command's cancel queue alone, with no PowerShell: the test does each step the queue asks for, as the command
/// does, and a cancel ends only when the queue asks to wait (the newest first), so that writing in input order, the
/// throttle and the end after a refused credential are seen without timing.
/// </summary>
public class CancelQueueTests
{
    [Fact]
    public void Results_are_written_in_input_order_however_the_cancels_end()
    {
        var command = new Command();
        var queue = new CancelQueue();

        for (int i = 1; i <= 6; i++)
        {
            command.Do(queue.Add(command.Started($"release {i}"), maximumInFlight: 2));
            Assert.True(command.Running <= 2, $"{command.Running} cancels ran after input {i}, with -ThrottleLimit 3");
        }

        command.Do(queue.End());

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"release {i}"), command.Written);
        Assert.Equal(0, command.Running);
        Assert.All(command.Waits, waitedFor => Assert.True(waitedFor.Count <= 3));
    }

    [Fact]
    public void A_refused_credential_in_the_middle_of_a_step_ends_with_every_cancel_in_flight_written_in_input_order()
    {
        var command = new Command();
        var queue = new CancelQueue();
        for (int i = 1; i <= 3; i++)
        {
            command.Do(queue.Add(command.Started($"release {i}"), maximumInFlight: 15));
        }

        command.End("release 1");
        using IEnumerator<CancelStep> step = queue.Add(command.Started("release 4"), maximumInFlight: 15).GetEnumerator();
        Assert.True(step.MoveNext());
        Assert.Equal("release 1", step.Current.Finished?.Target);

        // Release 1's credential was refused: the command ends the queue before it stops, in the middle of this step.
        command.Written.Add("release 1");
        command.Do(queue.End());

        Assert.Equal(new[] { "release 1", "release 2", "release 3", "release 4" }, command.Written);
        Assert.Equal(0, command.Running);
    }

    [Fact]
    public void A_service_s_throttle_counts_and_waits_for_that_service_s_cancels_only()
    {
        var command = new Command();
        var queue = new CancelQueue();
        var buildMaster = new CancelSite("BuildMaster", new Uri("https://bm.example.com/"), "");
        var baseten = new CancelSite("Baseten", new Uri("https://api.baseten.co/"), "");

        command.Do(queue.Add(command.Started("release 1", buildMaster), maximumInFlight: 1, buildMaster));
        PendingCancel promotion1 = command.Started("promotion 1", baseten);
        command.Do(queue.Add(promotion1, maximumInFlight: 1, baseten));
        Assert.Empty(command.Waits);

        PendingCancel promotion2 = command.Started("promotion 2", baseten);
        command.Do(queue.Add(promotion2, maximumInFlight: 1, baseten));
        command.Do(queue.End());

        Assert.Equal(new[] { promotion1.Task, promotion2.Task }, command.Waits[0]);
        Assert.Equal(new[] { "release 1", "promotion 1", "promotion 2" }, command.Written);
    }

    [Fact]
    public void A_refusal_made_before_any_request_is_written_in_its_place()
    {
        var command = new Command();
        var queue = new CancelQueue();

        command.Do(queue.Add(command.Started("release 1"), maximumInFlight: 15));
        command.Do(queue.Add(new PendingCancel<BuildMasterRelease>("row 2", "row 2", Task.FromException<BuildMasterRelease>(new InvalidOperationException("refused")), null), maximumInFlight: int.MaxValue));
        command.Do(queue.Add(command.Started("release 3"), maximumInFlight: 15));
        command.Do(queue.End());

        Assert.Equal(new[] { "release 1", "row 2", "release 3" }, command.Written);
    }

    /// <summary>Does the steps as a Stop command does: writes what it is given, and on a wait ends the newest cancel waited for.</summary>
    private sealed class Command
    {
        private readonly List<TaskCompletionSource<BuildMasterRelease>> started = new();
        private readonly Dictionary<string, TaskCompletionSource<BuildMasterRelease>> byTarget = new();

        public List<string> Written { get; } = new();

        public List<IReadOnlyList<Task>> Waits { get; } = new();

        public int Running => started.Count(cancel => !cancel.Task.IsCompleted);

        public PendingCancel Started(string target, CancelSite? site = null)
        {
            var cancel = new TaskCompletionSource<BuildMasterRelease>();
            started.Add(cancel);
            byTarget.Add(target, cancel);
            return new PendingCancel<BuildMasterRelease>(target, target, cancel.Task, site);
        }

        public void End(string target) => byTarget[target].SetResult(Canceled);

        public void Do(IEnumerable<CancelStep> steps)
        {
            foreach (CancelStep step in steps)
            {
                if (step.Running is { } running)
                {
                    Waits.Add(running.ToArray());
                    started.Last(cancel => running.Contains(cancel.Task)).SetResult(Canceled);
                }
                else
                {
                    Assert.True(step.Finished!.Task.IsCompleted, $"{step.Finished.Target} was written before it ended");
                    Written.Add((string)step.Finished.Target);
                }
            }
        }

        private static BuildMasterRelease Canceled => new() { Status = "canceled", IsFinal = true };
    }
}
