using System.Runtime.ExceptionServices;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The one cancel-and-reconcile protocol, which each service's cancel implements for its object. The cancel is sent;
/// an accepted cancel without the object in its answer is read back; a refusal is explained by reading the object:
/// already cancelled is success, finished otherwise is an invalid operation, missing is not found, anything else keeps
/// the refusal. A follow-up read that fails never replaces the cancel's own outcome: it adds a warning. A refusal kept
/// is rethrown as it was (its stack trace and attempt facts); one explained becomes a new failure that keeps them.
/// </summary>
internal abstract class CancelOperation<T>
    where T : ReleaseInfo
{
    private readonly IRequestLog log;

    protected CancelOperation(string what, IRequestLog log)
    {
        What = what;
        this.log = log;
    }

    /// <summary>Names the object in warnings and errors, e.g. "BuildMaster release 42".</summary>
    public string What { get; }

    /// <summary>The error id for an object that finished otherwise; null keeps the refusal's own id.</summary>
    protected virtual string? FinishedErrorId => null;

    /// <summary>The error id for a refusal explained by a missing object.</summary>
    protected virtual string MissingErrorId => ErrorIds.NotFound;

    /// <summary>Sends the cancel (the client's own task: no async step of its own on the common path).</summary>
    protected abstract Task<ServiceResponse> SendAsync(CancellationToken cancellationToken);

    /// <summary>The object when the cancel's answer carries it; null to read it back.</summary>
    protected virtual T? FromAnswer(ServiceResponse answer) => null;

    /// <summary>The object when a failure of the cancel proves it cancelled after all (a lost answer to a landed attempt); else null.</summary>
    protected virtual T? CancelledDespite(ServiceException failure) => null;

    /// <summary>Which failures of the cancel are refusals worth explaining by a read.</summary>
    protected abstract bool IsRefusal(ServiceException refused);

    /// <summary>Reads the object; null when the service has no such object (a not-found answer is null, never thrown).</summary>
    protected abstract Task<T?> ReadAsync(CancellationToken cancellationToken);

    protected abstract CancelState StateOf(T current);

    /// <summary>The object as far as it is known after an accepted cancel whose read-back failed.</summary>
    protected abstract T AssumedCancelled();

    /// <summary>A read whose not-found failure says the object is missing: null, as <see cref="ReadAsync"/> reports it.</summary>
    protected static async Task<T?> MissingAsNull(Task<T> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (ServiceException missing) when (missing.Kind == ServiceErrorKind.NotFound)
        {
            return null;
        }
    }

    public async Task<T> RunAsync(CancellationToken cancellationToken)
    {
        T? answered;
        T? despite = null;
        try
        {
            answered = FromAnswer(await SendAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (ServiceException refused) when (IsRefusal(refused))
        {
            return await ReconcileAsync(refused, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceException failure) when ((despite = CancelledDespite(failure)) is not null)
        {
            return despite;
        }

        return answered ?? await ReadBackAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadBackAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await ReadAsync(cancellationToken).ConfigureAwait(false) is T current)
            {
                return current;
            }

            log.Warning($"{What} was cancelled, but the service no longer lists it; writing what is known.");
        }
        catch (ServiceException unread)
        {
            log.Warning($"{What} was cancelled, but reading it back failed ({unread.Message}); writing what is known.");
        }

        return AssumedCancelled();
    }

    private async Task<T> ReconcileAsync(ServiceException refused, CancellationToken cancellationToken)
    {
        T? current;
        try
        {
            current = await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceException unread)
        {
            log.Warning($"The service refused to cancel {What}, and reading it to learn why failed ({unread.Message}).");
            return Rethrow(refused);
        }

        if (current is null)
        {
            throw Explained(refused, ServiceErrorKind.NotFound, refused.Message, MissingErrorId);
        }

        return StateOf(current) switch
        {
            CancelState.Cancelled => current,
            CancelState.FinishedOtherwise when FinishedErrorId is null && refused.Kind == ServiceErrorKind.InvalidOperation => Rethrow(Finished(refused)),
            CancelState.FinishedOtherwise => throw Finished(Explained(
                refused, ServiceErrorKind.InvalidOperation, Sentences.Join(refused.Message, $"{What} has already finished with status '{current.Status}'."), FinishedErrorId ?? ErrorIds.InvalidOperation)),
            _ => Rethrow(refused),
        };
    }

    private static T Rethrow(ServiceException refused)
    {
        ExceptionDispatchInfo.Capture(refused).Throw();
        throw refused; // not reached
    }

    /// <summary>The refusal of a target that exists and finished otherwise: nothing was in flight.</summary>
    private static ServiceException Finished(ServiceException refused)
    {
        refused.NothingInFlight = true;
        return refused;
    }

    /// <summary>The refusal as the read-back explains it: what was in flight is decided again (<see cref="Finished"/>).</summary>
    private static ServiceException Explained(ServiceException refused, ServiceErrorKind kind, string message, string errorId) =>
        refused.With(message, kind, errorId, innerException: refused, nothingInFlight: false);
}
