using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The cancels of one Stop command, which only the Stop cmdlets have (made by the first input that needs it): one
/// ShouldProcess per input, then the cancel, queued in a <see cref="CancelQueue"/> with up to
/// <see cref="CancelRunSettings.MaximumInFlight"/> in flight (its -ThrottleLimit), and each result turned into what the
/// command writes, one per input, in input order. It never writes or waits itself: it answers with the
/// <see cref="OutputStep"/>s that the command takes on its pipeline thread, so xunit can run it without PowerShell.
/// </summary>
internal sealed class CancelRun
{
    private static readonly OutputStep[] Nothing = Array.Empty<OutputStep>();
    private readonly CancelQueue queue = new();
    private readonly CancelRunSettings settings;
    private readonly PipelineWaits waits;
    private readonly PipelineLog log;
    private readonly SecretBoundary secrets;
    private readonly Func<string, string, bool> shouldProcess;
    private FinalStateWaiter? waiter;

    /// <param name="settings">The command's Stop parameters and what its errors say.</param>
    /// <param name="waits">Starts each cancel so that its end wakes the pipeline thread; Ctrl+C's token.</param>
    /// <param name="log">The command's log (the reason, -IfInFlight's lines, -Wait's progress).</param>
    /// <param name="secrets">The command's redaction boundary.</param>
    /// <param name="shouldProcess">The command's ShouldProcess (target, action), asked on the pipeline thread.</param>
    public CancelRun(CancelRunSettings settings, PipelineWaits waits, PipelineLog log, SecretBoundary secrets, Func<string, string, bool> shouldProcess)
    {
        this.settings = settings;
        this.waits = waits;
        this.log = log;
        this.secrets = secrets;
        this.shouldProcess = shouldProcess;
    }

    /// <summary>What a cancel with -Wait is handed to wait with: the command's -TimeoutSec and log.</summary>
    public FinalStateWaiter Waiter => waiter ??= new FinalStateWaiter(settings.TimeLimit, log);

    /// <summary>
    /// Asks ShouldProcess about the target, then starts the cancel. The target text names product, object and host, so
    /// -WhatIf says exactly what would be cancelled. A <paramref name="site"/> says where the cancel goes when the
    /// command cancels on several services (-ThrottleLimit then counts per service); none for the command's own.
    /// </summary>
    public IEnumerable<OutputStep> Cancel<T>(string targetText, object target, Func<CancellationToken, Task<T>> cancel, string action = "Cancel", CancelSite? site = null)
        where T : ReleaseInfo
    {
        if (!shouldProcess(secrets.Scrub(targetText), action))
        {
            return Nothing;
        }

        if (!string.IsNullOrEmpty(settings.Reason))
        {
            log.Verbose($"{action} {targetText}. Reason: {settings.Reason}");
        }

        return Steps(queue.Add(new PendingCancel<T>(target, targetText, waits.Start(cancel), site), settings.MaximumInFlight - 1, site));
    }

    /// <summary>
    /// A failure found before any cancel for this input (a listing that failed): written in input order, after the
    /// results of earlier inputs, as a non-terminating error (a refused credential still stops the command).
    /// </summary>
    public IEnumerable<OutputStep> Fail(object target, ServiceException failure) =>
        Steps(queue.Add(Failed(target, failure), settings.MaximumInFlight - 1));

    /// <summary>
    /// An input refused before any request with a record of its own (a setting missing for its service): its one result,
    /// in input order. Nothing runs for it, so it waits for no other cancel to make room.
    /// </summary>
    public IEnumerable<OutputStep> Fail(object target, ErrorRecord refusal, CancelSite? site = null) =>
        Steps(queue.Add(Failed(target, new RefusedArgumentException(refusal), site), int.MaxValue));

    /// <summary>An input refused before any request (what it names is not taken): its one result, in input order.</summary>
    public IEnumerable<OutputStep> Refuse(object target, string errorId, string message) =>
        Fail(target, ServiceException.Refused(ServiceErrorKind.BadRequest, message, errorId));

    /// <summary>
    /// Checks the piped object as it came (each Stop's hidden catch-all parameter) and the -InputObject before the
    /// target is cancelled at <paramref name="url"/>: null when admitted, else the refusal, this input's one result.
    /// </summary>
    public IEnumerable<OutputStep>? Refusal(PipedObjectRules rules, PSObject? piped, ReleaseInfo? inputObject, Uri url, string? scope = null)
    {
        PSObject? given = inputObject is null || ReferenceEquals(piped?.BaseObject, inputObject) ? null : PSObject.AsPSObject(inputObject);
        return (rules.Check(piped, url, scope) ?? rules.Check(given, url, scope)) is PipedObjectRefusal refusal
            ? Refuse((object?)piped ?? inputObject!, refusal.ErrorId, refusal.Message)
            : null;
    }

    /// <summary>After the last input, or before the command stops: the cancels still in flight end and are written.</summary>
    public IEnumerable<OutputStep> End() => Steps(queue.End());

    private static PendingCancel Failed(object target, Exception failure, CancelSite? site = null) =>
        new PendingCancel<ReleaseInfo>(target, InputNames.Of(target), Task.FromException<ReleaseInfo>(failure), site);

    /// <summary>
    /// The queue's steps as the command takes them. A refused credential (401) stops the command, but only after every
    /// cancel already in flight has ended and been written: those that landed must never be hidden. The others refused
    /// the same way are counted in the one terminating error.
    /// </summary>
    private IEnumerable<OutputStep> Steps(IEnumerable<CancelStep> steps)
    {
        foreach (CancelStep step in steps)
        {
            if (step.Running is { } running)
            {
                yield return OutputStep.WaitForAny(running);
                continue;
            }

            (OutputStep written, ServiceException? refused) = Written(step.Finished!);
            yield return written;
            if (refused is null)
            {
                continue;
            }

            int alsoRefused = 0;
            foreach (CancelStep other in queue.End())
            {
                if (other.Running is { } stillRunning)
                {
                    yield return OutputStep.WaitForAny(stillRunning);
                    continue;
                }

                (OutputStep otherWritten, ServiceException? otherRefused) = Written(other.Finished!);
                yield return otherWritten;
                alsoRefused += otherRefused is null ? 0 : 1;
            }

            PendingCancel item = step.Finished!;
            yield return OutputStep.Stop(ErrorRecords.StoppedByRefusal(ErrorRecords.FromService(refused, item.Target, secrets, settings.PermissionAdvice), alsoRefused), item.Asked);
        }
    }

    /// <summary>
    /// One result as written: the object, or its error (after the object as last known, when the cancel stands); with
    /// -IfInFlight a target with nothing in flight is only a verbose line. A refused credential of the command's own
    /// service comes back unwritten, for the command to stop on.
    /// </summary>
    private (OutputStep Written, ServiceException? Refused) Written(PendingCancel item)
    {
        StepSummary? summary = settings.Summary;
        string provider = item.Site?.Provider ?? settings.Provider;
        Uri? at = item.Site?.BaseUrl;
        try
        {
            ReleaseInfo cancelled = item.Result();
            if (item.Target is ReleaseInfo listed)
            {
                cancelled.KeepListed(listed);
            }

            summary?.Cancelled(item.Asked, cancelled);
            return (OutputStep.Write(cancelled, at), null);
        }
        catch (ServiceException exception) when (settings.OnlyIfInFlight && exception.NothingInFlight)
        {
            log.Verbose($"Nothing in flight to cancel: {item.Asked}. {exception.Message}");
            summary?.Final(item.Asked, provider, item.Target, exception.ErrorId ?? ErrorRecords.Of(exception.Kind).Id);
            return (OutputStep.Write(null, at), null);
        }
        catch (ServiceException exception)
        {
            summary?.Failed(item.Asked, provider, item.Target, exception.LastKnown, exception.ErrorId ?? ErrorRecords.Of(exception.Kind).Id);
            ReleaseInfo? lastKnown = exception.LastKnown;
            if (exception.Kind == ServiceErrorKind.Unauthorized && item.Site is null)
            {
                return (OutputStep.Write(lastKnown, at), exception);
            }

            ErrorRecord record = ErrorRecords.FromService(exception, item.Target, secrets, item.Site?.PermissionAdvice ?? settings.PermissionAdvice);
            if (exception.Kind == ServiceErrorKind.Unauthorized)
            {
                // Several services: the refusal ends that service's cancels only, as one error of this input.
                settings.SiteRefused?.Invoke(item.Site!, record);
            }

            return (OutputStep.Write(lastKnown, at, record, item.Asked), null);
        }
        catch (OperationCanceledException) when (waits.Token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (RefusedArgumentException refused)
        {
            summary?.Failed(item.Asked, provider, item.Target, null, refused.Record.FullyQualifiedErrorId);
            return (OutputStep.Write(null, at, refused.Record, item.Asked), null);
        }
        catch (Exception exception) when (exception is not (PipelineStoppedException or OperationCanceledException) && DependencyFailure.Describe(exception) is null)
        {
            summary?.Failed(item.Asked, provider, item.Target, null, ErrorIds.UnexpectedError);
            return (OutputStep.Write(null, at, ErrorRecords.Unexpected(exception, item.Target, secrets), item.Asked), null);
        }
    }
}
