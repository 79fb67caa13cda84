namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// What the shared stack needs to know of one service, given by the service's own folder: the stack itself names no
/// vendor. Its name in messages, which answers are retried and how long the service asks to wait
/// (<see cref="RetryPolicy"/>), the header that carries its request id, its documented request quota, and whom the
/// service counts a request against.
/// </summary>
public sealed class ServiceDescription
{
    public ServiceDescription(
        string name, RetryPolicy retries, IReadOnlyList<string> requestIdHeaders, RateQuota? quota = null, Func<string?, string>? countedAs = null)
    {
        Name = name;
        Retries = retries;
        RequestIdHeaders = requestIdHeaders;
        Quota = quota;
        CountedAs = countedAs ?? (credential => credential ?? "");
    }

    /// <summary>The product name used in messages, e.g. "BuildMaster".</summary>
    public string Name { get; }

    public RetryPolicy Retries { get; }

    /// <summary>The answer headers that carry the service's request id, the first present wins.</summary>
    public IReadOnlyList<string> RequestIdHeaders { get; }

    /// <summary>The documented request quota that paces every request (<see cref="RequestBudget"/>); null for none.</summary>
    public RateQuota? Quota { get; }

    /// <summary>
    /// Whom the service counts a request against, from the request's credential header (null without one): the budget
    /// is shared by every request of the same answer. By default the credential itself; "" for one budget per host.
    /// </summary>
    public Func<string?, string> CountedAs { get; }
}
