using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The cancels of a Stop cmdlet: one ShouldProcess per input, then the cancel; with <see cref="MaximumInFlight"/> above
/// 1 (its -ThrottleLimit) up to that many cancels run at once, and results are still written in input order, one per
/// input, on the pipeline thread. A cmdlet that cancels nothing queues nothing, and none of this runs for it.
/// </summary>
public abstract partial class ServiceCmdlet
{
    private static int progressActivity;
    private readonly Queue<PendingCancel> pending = new();
    private readonly List<Task> running = new();

    /// <summary>How many cancels may be in flight at once (a Stop cmdlet's -ThrottleLimit); results keep the input order.</summary>
    protected int MaximumInFlight { get; set; } = 1;

    /// <summary>
    /// Why the inputs are cancelled (a Stop cmdlet's -Reason): in the verbose log, the CI summary and annotations; a
    /// service with a field for it (BuildMaster) is sent it by its Stop cmdlet.
    /// </summary>
    protected string? CancelReason { get; set; }

    /// <summary>
    /// A Stop cmdlet's -IfInFlight: a target that exists with nothing in flight is a verbose line (and a summary row),
    /// not an error, and nothing is written for it.
    /// </summary>
    protected bool OnlyIfInFlight { get; set; }

    /// <summary>
    /// Asks ShouldProcess about the target, then starts the cancel. The target text names product, object and host, so
    /// -WhatIf says exactly what would be cancelled. A <c>site</c> says where the cancel goes when the command cancels on
    /// several services (-ThrottleLimit then counts per service); none for the command's own.
    /// </summary>
    private protected void Cancel<T>(string targetText, object targetObject, Func<CancellationToken, Task<T>> cancel, string action = "Cancel", CancelSite? site = null)
        where T : ReleaseInfo
    {
        if (!ShouldProcess(Secrets.Scrub(targetText), action))
        {
            return;
        }

        if (!string.IsNullOrEmpty(CancelReason))
        {
            Log.Verbose($"{action} {targetText}. Reason: {CancelReason}");
        }

        pending.Enqueue(new PendingCancel<T>(targetObject, targetText, Start(cancel), site));
        WriteFinished(maximumInFlight: MaximumInFlight - 1, site);
    }

    /// <summary>
    /// With -Wait: waits until the cancelled object is final, within -TimeoutSec in all, showing its status and the
    /// time left as progress. Ctrl+C ends it at once (the token).
    /// </summary>
    internal async Task<T> WaitUntilFinalAsync<T>(
        T cancelled, string title, TimeSpan interval, Func<T, WaitOptions, CancellationToken, Task<T>> wait, CancellationToken token)
        where T : ReleaseInfo
    {
        if (cancelled.IsFinal)
        {
            return cancelled;
        }

        int activity = NextProgressActivity();
        var options = new WaitOptions
        {
            Limit = TimeLimit,
            Interval = interval,
            OnPoll = (current, spent, left) => Log.Progress(new ProgressRecord(
                activity, title, $"{current.Progress}, {spent.TotalSeconds:0} s" + (left is TimeSpan remaining ? $", {Math.Max(0, remaining.TotalSeconds):0} s left" : ""))
            {
                SecondsRemaining = left is TimeSpan seconds ? Math.Max(0, (int)seconds.TotalSeconds) : -1,
            }),
        };
        try
        {
            return await wait(cancelled, options, token).ConfigureAwait(false);
        }
        finally
        {
            Log.Progress(new ProgressRecord(activity, title, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>A command that cancels on several services hears that one of them refused its credential (401).</summary>
    private protected virtual void SiteRefused(CancelSite site, ErrorRecord refusal)
    {
    }

    /// <summary>A progress activity id of its own (waits of parallel cancels show side by side).</summary>
    private protected static int NextProgressActivity() => Interlocked.Increment(ref progressActivity);

    /// <summary>
    /// A failure found before any cancel for this input (a listing that failed): written in input order, after the
    /// results of earlier inputs, as a non-terminating error (a refused credential still stops the command).
    /// </summary>
    protected void Fail(object target, ServiceException failure)
    {
        Enqueue(target, failure);
        WriteFinished(maximumInFlight: MaximumInFlight - 1);
    }

    /// <summary>
    /// An input refused before any request with a record of its own (a setting missing for its service): its one result,
    /// in input order. Nothing runs for it, so it waits for no other cancel to make room.
    /// </summary>
    private protected void Fail(object target, ErrorRecord refusal, CancelSite? site = null)
    {
        Enqueue(target, new RefusedArgumentException(refusal), site);
        WriteFinished(maximumInFlight: int.MaxValue);
    }

    private void Enqueue(object target, Exception failure, CancelSite? site = null) =>
        pending.Enqueue(new PendingCancel<ReleaseInfo>(target, Describe(target), Task.FromException<ReleaseInfo>(failure), site));

    /// <summary>
    /// Checks the piped object as it came (each Stop's hidden catch-all parameter) and the -InputObject before the
    /// target is cancelled: a refusal is this input's one result, in input order, and nothing is sent for it.
    /// </summary>
    private protected bool Admits(PipedObjectRules rules, PSObject? piped, ReleaseInfo? inputObject, string? scope = null)
    {
        PSObject? given = inputObject is null || ReferenceEquals(piped?.BaseObject, inputObject) ? null : PSObject.AsPSObject(inputObject);
        if ((rules.Check(piped, ServiceBaseUrl, scope) ?? rules.Check(given, ServiceBaseUrl, scope)) is not PipedObjectRefusal refusal)
        {
            return true;
        }

        Refuse((object?)piped ?? inputObject!, refusal.ErrorId, refusal.Message);
        return false;
    }

    /// <summary>An input refused before any request (what it names is not taken): its one result, in input order.</summary>
    private protected void Refuse(object target, string errorId, string message) =>
        Fail(target, ServiceException.Refused(ServiceErrorKind.BadRequest, message, errorId));

    /// <summary>
    /// The module's own object this input is: bound to -InputObject, or piped and bound by its properties (the binder
    /// tries a cmdlet's default set first, and an object with an id property binds there). Null for any other input.
    /// </summary>
    private protected static T? Listed<T>(PSObject? piped, ReleaseInfo? inputObject)
        where T : ReleaseInfo =>
        inputObject as T ?? piped?.BaseObject as T;

    /// <summary>Stops the command for a problem found between inputs, after writing the results of earlier inputs.</summary>
    private void Stop(ErrorRecord error)
    {
        WriteFinished(maximumInFlight: 0);
        Terminate(error);
    }

    /// <summary>After the last input (EndProcessing): the cancels still in flight end and are written.</summary>
    private void End() => WriteFinished(maximumInFlight: 0);

    /// <summary>
    /// Writes every finished result at the head of the queue, waiting until at most the given number still run (of the
    /// site's service, when a site is given).
    /// </summary>
    private void WriteFinished(int maximumInFlight, CancelSite? site = null)
    {
        while (true)
        {
            while (pending.Count > 0 && pending.Peek().Task.IsCompleted)
            {
                Write(pending.Dequeue());
            }

            Log.WriteTo(this);

            running.Clear();
            foreach (PendingCancel item in pending)
            {
                if (!item.Task.IsCompleted && (site is null || item.Site?.Provider == site.Provider))
                {
                    running.Add(item.Task);
                }
            }

            if (running.Count <= maximumInFlight)
            {
                // The head may have finished since it was looked at (while the log was written): write it now, or the
                // end's last look would leave finished results unwritten.
                if (pending.Count > 0 && pending.Peek().Task.IsCompleted)
                {
                    continue;
                }

                return;
            }

            WaitForAny(running);
        }
    }

    private void Write(PendingCancel item)
    {
        if (WriteResult(item) is ServiceException refused)
        {
            StopForRefusedCredential(refused, item);
        }
    }

    /// <summary>
    /// Writes one result: the object, or its error (after the object as last known, when the cancel stands); with
    /// -IfInFlight a target with nothing in flight is only a verbose line. Returns a 401 unwritten.
    /// </summary>
    private ServiceException? WriteResult(PendingCancel item)
    {
        string provider = item.Site?.Provider ?? Provider;
        try
        {
            ReleaseInfo cancelled = item.ResultOf(this);
            if (item.Target is ReleaseInfo listed)
            {
                cancelled.KeepListed(listed);
            }

            Summary?.Cancelled(item.Asked, cancelled);
            WriteRelease(cancelled, item.Site?.BaseUrl);
        }
        catch (ServiceException exception) when (OnlyIfInFlight && exception.NothingInFlight)
        {
            Log.Verbose($"Nothing in flight to cancel: {item.Asked}. {exception.Message}");
            Summary?.Final(item.Asked, provider, item.Target, exception.ErrorId ?? ErrorRecords.Of(exception.Kind).Id);
        }
        catch (ServiceException exception)
        {
            Summary?.Failed(item.Asked, provider, item.Target, exception.LastKnown, exception.ErrorId ?? ErrorRecords.Of(exception.Kind).Id);
            if (exception.LastKnown is ReleaseInfo lastKnown)
            {
                WriteRelease(lastKnown, item.Site?.BaseUrl);
            }

            if (exception.Kind == ServiceErrorKind.Unauthorized)
            {
                if (item.Site is null)
                {
                    return exception;
                }

                // Several services: the refusal ends that service's cancels only (SiteRefused), as one error of this input.
                SiteRefused(item.Site, ErrorRecords.FromService(exception, item.Target, Secrets, item.Site.PermissionAdvice));
            }

            WriteServiceError(exception, item.Target, asked: item.Asked, permissionAdvice: item.Site?.PermissionAdvice, stopsOnRefusal: item.Site is null);
        }
        catch (RefusedArgumentException refused)
        {
            Summary?.Failed(item.Asked, provider, item.Target, null, refused.Record.FullyQualifiedErrorId);
            Report(refused.Record, item.Asked);
        }
        catch (Exception exception) when (exception is not (PipelineStoppedException or OperationCanceledException) && DependencyFailure.Describe(exception) is null)
        {
            Summary?.Failed(item.Asked, provider, item.Target, null, ErrorIds.UnexpectedError);
            Report(ErrorRecords.Unexpected(exception, item.Target, Secrets), item.Asked);
        }

        return null;
    }

    /// <summary>
    /// A refused credential stops the command, but only after every cancel already in flight has ended and been written:
    /// those that landed must never be hidden. The others refused the same way are counted in the one terminating error.
    /// </summary>
    private void StopForRefusedCredential(ServiceException refused, PendingCancel target)
    {
        int alsoRefused = 0;
        while (pending.Count > 0)
        {
            PendingCancel next = pending.Peek();
            if (!next.Task.IsCompleted)
            {
                WaitForAny(new[] { next.Task });
                continue;
            }

            pending.Dequeue();
            if (WriteResult(next) is not null)
            {
                alsoRefused++;
            }

            Log.WriteTo(this);
        }

        WriteServiceError(refused, target.Target, alsoRefused, target.Asked, target.Site?.PermissionAdvice);
    }

    /// <summary>A started cancel, typed as its client returns it (no task per input just to widen the result's type).</summary>
    private abstract class PendingCancel
    {
        protected PendingCancel(object target, string asked, CancelSite? site)
        {
            Target = target;
            Asked = asked;
            Site = site;
        }

        public object Target { get; }

        /// <summary>Where the cancel went, when the command cancels on several services; null for the command's own.</summary>
        public CancelSite? Site { get; }

        /// <summary>What was asked, as -WhatIf says it (product, object, host).</summary>
        public string Asked { get; }

        public abstract Task Task { get; }

        public abstract ReleaseInfo ResultOf(ServiceCmdlet owner);
    }

    private sealed class PendingCancel<T> : PendingCancel
        where T : ReleaseInfo
    {
        private readonly Task<T> task;

        public PendingCancel(object target, string asked, Task<T> task, CancelSite? site)
            : base(target, asked, site) => this.task = task;

        public override Task Task => task;

        public override ReleaseInfo ResultOf(ServiceCmdlet owner) => owner.Result(task);
    }
}
