using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What a Stop cmdlet asks of its cancels: one ShouldProcess per input, then the cancel, queued in its
/// <see cref="CancelQueue"/> (made by the first input; a cmdlet that cancels nothing has none): with
/// <see cref="MaximumInFlight"/> above 1 (its -ThrottleLimit) up to that many cancels run at once, and results are
/// still written in input order, one per input, on the pipeline thread. The queue says what to write or wait for
/// next; how one result is written is here.
/// </summary>
public abstract partial class ServiceCmdlet
{
    private CancelQueue? cancels;
    private FinalStateWaiter? waiter;

    private CancelQueue Cancels => cancels ??= new CancelQueue();

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

        Perform(Cancels.Add(new PendingCancel<T>(targetObject, targetText, Start(cancel), site), maximumInFlight: MaximumInFlight - 1, site));
    }

    /// <summary>What a cancel with -Wait is handed to wait with: this command's -TimeoutSec and log.</summary>
    internal FinalStateWaiter Waiter => waiter ??= new FinalStateWaiter(TimeLimit, Log);

    /// <summary>A command that cancels on several services hears that one of them refused its credential (401).</summary>
    private protected virtual void SiteRefused(CancelSite site, ErrorRecord refusal)
    {
    }

    /// <summary>
    /// A failure found before any cancel for this input (a listing that failed): written in input order, after the
    /// results of earlier inputs, as a non-terminating error (a refused credential still stops the command).
    /// </summary>
    protected void Fail(object target, ServiceException failure) =>
        Perform(Cancels.Add(Failed(target, failure), maximumInFlight: MaximumInFlight - 1));

    /// <summary>
    /// An input refused before any request with a record of its own (a setting missing for its service): its one result,
    /// in input order. Nothing runs for it, so it waits for no other cancel to make room.
    /// </summary>
    private protected void Fail(object target, ErrorRecord refusal, CancelSite? site = null) =>
        Perform(Cancels.Add(Failed(target, new RefusedArgumentException(refusal), site), maximumInFlight: int.MaxValue));

    private PendingCancel Failed(object target, Exception failure, CancelSite? site = null) =>
        new PendingCancel<ReleaseInfo>(target, Describe(target), Task.FromException<ReleaseInfo>(failure), site);

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
        End();
        Terminate(error);
    }

    /// <summary>After the last input (EndProcessing): the cancels still in flight end and are written, then the last log lines.</summary>
    private void End()
    {
        if (cancels is null)
        {
            Log.WriteTo(this);
            return;
        }

        Perform(cancels.End());
    }

    /// <summary>
    /// Does what the queue asks, on the pipeline thread: writes each finished result, or waits for the cancels that run
    /// (writing log lines meanwhile). A refused credential (401) stops the command, unless
    /// <paramref name="stopsOnRefusal"/> is false; returns how many results were refused so.
    /// </summary>
    private int Perform(IEnumerable<CancelStep> steps, bool stopsOnRefusal = true)
    {
        int refused = 0;
        foreach (CancelStep step in steps)
        {
            if (step.Running is { } running)
            {
                Log.WriteTo(this);
                WaitForAny(running);
            }
            else if (WriteResult(step.Finished!) is ServiceException refusal)
            {
                if (stopsOnRefusal)
                {
                    StopForRefusal(refusal, step.Finished!);
                }

                refused++;
            }
        }

        Log.WriteTo(this);
        return refused;
    }

    /// <summary>
    /// A refused credential stops the command, but only after every cancel already in flight has ended and been written:
    /// those that landed must never be hidden. The others refused the same way are counted in the one terminating error.
    /// </summary>
    private void StopForRefusal(ServiceException refused, PendingCancel item) =>
        WriteServiceError(refused, item.Target, alsoRefused: Perform(Cancels.End(), stopsOnRefusal: false), item.Asked, item.Site?.PermissionAdvice);

    /// <summary>
    /// Writes one result: the object, or its error (after the object as last known, when the cancel stands); with
    /// -IfInFlight a target with nothing in flight is only a verbose line. Returns a 401 unwritten.
    /// </summary>
    private ServiceException? WriteResult(PendingCancel item)
    {
        string provider = item.Site?.Provider ?? Provider;
        try
        {
            ReleaseInfo cancelled = item.Result();
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
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
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
}
