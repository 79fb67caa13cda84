using ReleaseCmdlets.BuildMaster;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// A Stop command's cancel queue alone, with no PowerShell: cancels end when the test's output says, newest first, so
/// that writing in input order, the throttle and the stop on a refused credential are seen without timing.
/// </summary>
public class CancelQueueTests
{
    [Fact]
    public void Results_are_written_in_input_order_however_the_cancels_end()
    {
        var output = new Output();
        var queue = new CancelQueue(output);

        for (int i = 1; i <= 6; i++)
        {
            queue.Add(output.Started($"release {i}"), maximumInFlight: 2);
            Assert.True(output.Running <= 2, $"{output.Running} cancels ran after input {i}, with -ThrottleLimit 3");
        }

        queue.End();

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"release {i}"), output.Written);
        Assert.Equal(0, output.Running);
        Assert.All(output.Waits, waitedFor => Assert.True(waitedFor.Count <= 3));
    }

    [Fact]
    public void A_refused_credential_stops_only_after_the_cancels_in_flight_are_written_and_counts_those_refused_too()
    {
        var output = new Output { Refusing = { "release 2", "release 4" } };
        var queue = new CancelQueue(output);

        for (int i = 1; i <= 4; i++)
        {
            queue.Add(output.Started($"release {i}"), maximumInFlight: 15);
        }

        queue.End();

        Assert.Equal(new[] { "release 1", "release 2", "release 3", "release 4" }, output.Written);
        Assert.Equal(("release 2", 1), Assert.Single(output.Stops));
    }

    [Fact]
    public void A_service_s_throttle_counts_and_waits_for_that_service_s_cancels_only()
    {
        var output = new Output();
        var queue = new CancelQueue(output);
        var buildMaster = new CancelSite("BuildMaster", new Uri("https://bm.example.com/"), "");
        var baseten = new CancelSite("Baseten", new Uri("https://api.baseten.co/"), "");

        queue.Add(output.Started("release 1", buildMaster), maximumInFlight: 1, buildMaster);
        PendingCancel promotion1 = output.Started("promotion 1", baseten);
        queue.Add(promotion1, maximumInFlight: 1, baseten);
        Assert.Empty(output.Waits);

        PendingCancel promotion2 = output.Started("promotion 2", baseten);
        queue.Add(promotion2, maximumInFlight: 1, baseten);
        queue.End();

        Assert.Equal(new[] { promotion1.Task, promotion2.Task }, output.Waits[0]);
        Assert.Equal(new[] { "release 1", "promotion 1", "promotion 2" }, output.Written);
    }

    [Fact]
    public void A_refusal_made_before_any_request_is_written_in_its_place()
    {
        var output = new Output();
        var queue = new CancelQueue(output);

        queue.Add(output.Started("release 1"), maximumInFlight: 15);
        queue.Add(new PendingCancel<BuildMasterRelease>("row 2", "row 2", Task.FromException<BuildMasterRelease>(new InvalidOperationException("refused")), null), maximumInFlight: int.MaxValue);
        queue.Add(output.Started("release 3"), maximumInFlight: 15);
        queue.End();

        Assert.Equal(new[] { "release 1", "row 2", "release 3" }, output.Written);
    }

    /// <summary>Ends the newest cancel it waits for; writes what it is given; refuses the targets named in <see cref="Refusing"/>.</summary>
    private sealed class Output : ICancelOutput
    {
        private readonly List<TaskCompletionSource<BuildMasterRelease>> started = new();

        public List<string> Written { get; } = new();

        public List<IReadOnlyList<Task>> Waits { get; } = new();

        public List<(string Target, int AlsoRefused)> Stops { get; } = new();

        public HashSet<string> Refusing { get; } = new();

        public int Running => started.Count(cancel => !cancel.Task.IsCompleted);

        public PendingCancel Started(string target, CancelSite? site = null)
        {
            var cancel = new TaskCompletionSource<BuildMasterRelease>();
            started.Add(cancel);
            return new PendingCancel<BuildMasterRelease>(target, target, cancel.Task, site);
        }

        public void WaitForAny(IReadOnlyList<Task> tasks)
        {
            Waits.Add(tasks.ToArray());
            started.Last(cancel => tasks.Contains(cancel.Task)).SetResult(new BuildMasterRelease { Status = "canceled", IsFinal = true });
        }

        public void WriteLog()
        {
        }

        public ServiceException? WriteResult(PendingCancel finished)
        {
            Assert.True(finished.Task.IsCompleted, $"{finished.Target} was written before it ended");
            Written.Add((string)finished.Target);
            return Refusing.Contains((string)finished.Target) ? ServiceException.Answered(401, "refused") : null;
        }

        public void StopForRefusal(ServiceException refused, PendingCancel item, int alsoRefused) => Stops.Add(((string)item.Target, alsoRefused));
    }
}
