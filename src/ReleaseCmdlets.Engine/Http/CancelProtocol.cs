using System;
using System.Threading;
using System.Threading.Tasks;

namespace ReleaseCmdlets.Http;

/// <summary>What a read of the object says about a cancel aimed at it.</summary>
public enum CancelState
{
    /// <summary>Cancelled, or being cancelled (a rollback under way): the cancel's aim is reached.</summary>
    Cancelled,

    /// <summary>Finished some other way (deployed, succeeded): it can no longer be cancelled.</summary>
    FinishedOtherwise,

    /// <summary>Still in flight.</summary>
    InProgress,
}

/// <summary>
/// The one cancel-and-reconcile protocol every client uses. The cancel is sent; an accepted cancel without the object
/// in its answer is read back; a refusal is explained by reading the object: already cancelled is success, finished
/// otherwise is an invalid operation, missing is not found, anything else keeps the refusal. A follow-up read that
/// fails never replaces the cancel's own outcome: it adds a warning.
/// </summary>
internal sealed class CancelProtocol<T>
    where T : ReleaseInfo
{
    /// <summary>Names the object in warnings, e.g. "BuildMaster release 42".</summary>
    public string What { get; set; } = null!;

    /// <summary>Sends the cancel; returns the object when the answer carries it, else null.</summary>
    public Func<CancellationToken, Task<T?>>? Cancel { get; set; }

    /// <summary>Sends a cancel whose answer never carries the object (it is then read back); instead of <see cref="Cancel"/>.</summary>
    public Func<CancellationToken, Task>? Send { get; set; }

    /// <summary>Which failures of the cancel are refusals worth explaining by a read.</summary>
    public Func<ServiceException, bool> IsRefusal { get; set; } = null!;

    /// <summary>Reads the object; null when the service has no such object.</summary>
    public Func<CancellationToken, Task<T?>> Read { get; set; } = null!;

    public Func<T, CancelState> StateOf { get; set; } = null!;

    /// <summary>The object as far as it is known after an accepted cancel whose read-back failed.</summary>
    public Func<T> AssumedCancelled { get; set; } = null!;

    /// <summary>The error id for an object that finished otherwise; null keeps the refusal's own id.</summary>
    public string? FinishedErrorId { get; set; }

    /// <summary>The error id for a refusal explained by a missing object.</summary>
    public string MissingErrorId { get; set; } = ErrorIds.NotFound;

    public IRequestLog Log { get; set; } = null!;

    public async Task<T> RunAsync(CancellationToken cancellationToken)
    {
        T? answered;
        try
        {
            if (Send is not null)
            {
                await Send(cancellationToken).ConfigureAwait(false);
                answered = null;
            }
            else
            {
                answered = await Cancel!(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ServiceException refused) when (IsRefusal(refused))
        {
            return await ReconcileAsync(refused, cancellationToken).ConfigureAwait(false);
        }

        return answered ?? await ReadBackAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadBackAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await Read(cancellationToken).ConfigureAwait(false) is T current)
            {
                return current;
            }

            Log.Warning($"{What} was cancelled, but the service no longer lists it; writing what is known.");
        }
        catch (ServiceException unread)
        {
            Log.Warning($"{What} was cancelled, but reading it back failed ({unread.Message}); writing what is known.");
        }

        return AssumedCancelled();
    }

    private async Task<T> ReconcileAsync(ServiceException refused, CancellationToken cancellationToken)
    {
        T? current;
        try
        {
            current = await Read(cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceException unread)
        {
            Log.Warning($"The service refused to cancel {What}, and reading it to learn why failed ({unread.Message}).");
            throw refused;
        }

        if (current is null)
        {
            throw new ServiceException(ServiceErrorKind.NotFound, refused.Message, refused.StatusCode, refused.ServiceCode, refused.RequestId, MissingErrorId, refused);
        }

        return StateOf(current) switch
        {
            CancelState.Cancelled => current,
            CancelState.FinishedOtherwise when FinishedErrorId is null && refused.Kind == ServiceErrorKind.InvalidOperation => throw refused,
            CancelState.FinishedOtherwise => throw new ServiceException(
                ServiceErrorKind.InvalidOperation,
                Sentences.Join(refused.Message, $"{What} has already finished with status '{current.Status}'."),
                refused.StatusCode, refused.ServiceCode, refused.RequestId, FinishedErrorId ?? ErrorIds.InvalidOperation, refused),
            _ => throw refused,
        };
    }
}
