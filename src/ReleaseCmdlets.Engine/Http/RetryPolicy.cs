using System.Linq;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Which answers of one service are retried and where it says how long to wait, as data: each service describes its
/// own (<see cref="ServiceDescription"/>), the shared handler applies it. Connection failures are retried for every
/// service; the wait is the service's own (a header in milliseconds, a body member), else Retry-After (seconds or a
/// date), else backoff, and never longer than the command has left.
/// </summary>
public sealed class RetryPolicy
{
    private readonly HashSet<int> statuses;

    /// <param name="statuses">The statuses retried.</param>
    /// <param name="decidingHeader">A header whose true/false decides before the status does (never on a success).</param>
    /// <param name="millisecondsHeader">A header with the wait in milliseconds, read before Retry-After.</param>
    /// <param name="waitInBody">Reads the wait a 429's body names, if the service names it there.</param>
    public RetryPolicy(IEnumerable<int> statuses, string? decidingHeader = null, string? millisecondsHeader = null, Func<string, TimeSpan?>? waitInBody = null)
    {
        this.statuses = new HashSet<int>(statuses);
        DecidingHeader = decidingHeader;
        MillisecondsHeader = millisecondsHeader;
        WaitInBody = waitInBody;
    }

    public string? DecidingHeader { get; }

    public string? MillisecondsHeader { get; }

    public Func<string, TimeSpan?>? WaitInBody { get; }

    /// <summary>Whether the answer is retried: never a success, whatever its headers say (the SDKs read x-should-retry only on failures).</summary>
    public bool IsRetried(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }

        if (DecidingHeader is string header && response.Headers.TryGetValues(header, out var values))
        {
            string said = values.FirstOrDefault()?.Trim() ?? "";
            if (said.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (said.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return statuses.Contains((int)response.StatusCode);
    }

    /// <summary>
    /// The answers retried, as help says it: "429, 502, 503, 504", or "408, 409, 429 and every 5xx, or what its
    /// x-should-retry header says on a failed answer".
    /// </summary>
    public string Describe()
    {
        bool every5xx = Enumerable.Range(500, 100).All(statuses.Contains);
        var listed = statuses.Where(status => !every5xx || status < 500 || status > 599).OrderBy(status => status).Select(status => status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string text = string.Join(", ", listed) + (every5xx ? " and every 5xx" : "");
        return DecidingHeader is null ? text : $"{text}, or what its {DecidingHeader} header says on a failed answer";
    }
}
