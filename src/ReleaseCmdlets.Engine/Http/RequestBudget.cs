using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A service's request quota as seen from this process: so many requests per window, for one service, host and
/// credential, shared by every request of every command (parallel cancels included). A request waits for its turn
/// before it is sent, so that the quota is never exceeded, instead of being refused after it: Cloudflare blocks every
/// call of a user for the rest of the window once its quota is exceeded, and Cloud Controller counts refused requests
/// too. Seeded from the vendor's documented limit (<see cref="RateQuota"/>) and corrected from each answer's headers:
/// Cloud Controller's X-RateLimit-Limit/-Remaining/-Reset, the IETF draft's Ratelimit and Ratelimit-Policy that
/// Cloudflare sends (a 429 of their limiters carries them too); what the headers say wins over the seed. A budget paces
/// only while the service shows that a limit is in force (rate-limit headers on its answers): Cloud Controller sends
/// its headers whenever its limiter is on, so a foundation without one, or a test server, is never slowed down.
/// </summary>
internal sealed class RequestBudget
{
    private static readonly ConcurrentDictionary<string, RequestBudget> Budgets = new();
    private readonly object gate = new();
    private readonly Func<DateTimeOffset> clock;
    private int limit;
    private TimeSpan window;
    private DateTimeOffset windowEnds;
    private long windowNumber;
    private int used;
    private int inFlight;
    private bool inForce; // read without the lock only to skip it
    private bool endKnown;

    internal RequestBudget(RateQuota quota, Func<DateTimeOffset> clock)
    {
        limit = quota.Requests;
        window = quota.Window;
        this.clock = clock;
    }

    /// <summary>What set the pace last: the documented default, or a header.</summary>
    public string Source { get; private set; } = "the documented limit";

    /// <summary>The budget of one service, host and credential (the credential's header, hashed: never kept as text).</summary>
    public static RequestBudget For(string service, Uri host, string? credential, RateQuota quota)
    {
        string identity = credential is null ? "" : Convert.ToBase64String(Sha256(credential));
        return Budgets.GetOrAdd($"{service}|{host.GetLeftPart(UriPartial.Authority)}|{identity}", _ => new RequestBudget(quota, () => DateTimeOffset.UtcNow));
    }

    /// <summary>Counts a request if the quota allows it now (the common case: no task, no wait).</summary>
    public bool TryTakeTurn(out long turn)
    {
        lock (gate)
        {
            return TryTake(clock(), out turn);
        }
    }

    /// <summary>
    /// Waits until a request may be sent within the quota, then counts it; <paramref name="waiting"/> hears of each
    /// wait. A wait longer than the request has <paramref name="left"/> is not waited out: it fails at once, saying when.
    /// Returns the window the request was counted in, for <see cref="Observe"/>.
    /// </summary>
    public async Task<long> WaitTurnAsync(TimeSpan? left, Action<TimeSpan, DateTimeOffset, string> waiting, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            DateTimeOffset until;
            string source;
            lock (gate)
            {
                DateTimeOffset now = clock();
                if (TryTake(now, out long turn))
                {
                    return turn;
                }

                until = windowEnds;
                wait = until - now;
                source = Source;
            }

            if (wait > left)
            {
                throw new ServiceException(
                    ServiceErrorKind.RateLimited,
                    $"The service's request budget allows the next request at {until.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC (in {wait.TotalSeconds:0} s, as the {source} say), " +
                    $"later than the {left.Value.TotalSeconds:0} s this request has left (-TimeoutSec): try again after that time.",
                    errorId: ErrorIds.RateLimited);
            }

            waiting(wait, until, source);
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryTake(DateTimeOffset now, out long turn)
    {
        if (now >= windowEnds)
        {
            // A guess until an answer of the new window says when it ends.
            windowEnds = now + window;
            windowNumber++;
            endKnown = false;
            used = 0;
        }

        turn = windowNumber;
        if (used < limit || !inForce)
        {
            used++;
            Interlocked.Increment(ref inFlight);
            return true;
        }

        return false;
    }

    /// <summary>A request counted by a turn has its answer, or has failed.</summary>
    public void Done() => Interlocked.Decrement(ref inFlight);

    /// <summary>
    /// Corrects the budget from the rate-limit headers, if any, of the answer to a request counted in window
    /// <paramref name="turn"/>. The answer to a request of a window that has ended here speaks of that window (its
    /// count and its reset), not of the new one, unless it is a refusal: that says the service's window is still closed.
    /// </summary>
    public void Observe(HttpResponseMessage response, long turn)
    {
        DateTimeOffset now = clock();
        bool refusal = (int)response.StatusCode == 429;
        if (Header(response, "X-RateLimit-Limit") is string ccLimit && Header(response, "X-RateLimit-Remaining") is string ccRemaining
            && Header(response, "X-RateLimit-Reset") is string ccReset
            && int.TryParse(ccLimit, NumberStyles.None, CultureInfo.InvariantCulture, out int quota)
            && int.TryParse(ccRemaining, NumberStyles.None, CultureInfo.InvariantCulture, out int remaining)
            && long.TryParse(ccReset, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
        {
            // Whole epoch seconds, the fraction dropped: the counter resets within the second after. A reset further
            // away than any wait the module takes from a service (or than a date holds) is read as that longest wait.
            DateTimeOffset reset = epoch < now.ToUnixTimeSeconds() + (long)RetryDelay.LongestAsked.TotalSeconds
                ? DateTimeOffset.FromUnixTimeSeconds(epoch + 1)
                : now + RetryDelay.LongestAsked;
            Correct(turn, refusal, quota, null, remaining, reset, now, "X-RateLimit-* headers", resetIsAbsolute: true);
        }
        else if (Header(response, "Ratelimit") is string draft && Parameter(draft, "r") is int left && Parameter(draft, "t") is int seconds)
        {
            string? policy = Header(response, "Ratelimit-Policy");
            int? q = policy is null ? null : Parameter(policy, "q");
            int? w = policy is null ? null : Parameter(policy, "w");
            Correct(turn, refusal, q, w is int s ? TimeSpan.FromSeconds(s) : null, left, now + TimeSpan.FromSeconds(seconds), now, "Ratelimit and Ratelimit-Policy headers", resetIsAbsolute: false);
        }
        else if (response.IsSuccessStatusCode && Volatile.Read(ref inForce))
        {
            // The service answers without a limit now (an operator turned its limiter off): pace no longer, but keep
            // counting, so that a limit shown again finds the window's count right.
            lock (gate)
            {
                if (turn == windowNumber)
                {
                    inForce = false;
                }
            }
        }

        // A 429 of the service's limiter carries these headers too (nothing left, and when it resets), so every request
        // of the budget waits it out. A 429 without them (a proxy's, a gateway's) is the refused request's own affair:
        // the retry handler waits its Retry-After.
    }

    private void Correct(long turn, bool refusal, int? quota, TimeSpan? span, int remaining, DateTimeOffset resets, DateTimeOffset now, string source, bool resetIsAbsolute)
    {
        if (resets <= now)
        {
            return; // about a window that has ended
        }

        lock (gate)
        {
            if (turn != windowNumber && !refusal)
            {
                return; // the answer to a request of a window that has ended here speaks of that window
            }

            if (quota is int q && q > 0)
            {
                limit = q;
            }

            if (span is TimeSpan w && w > TimeSpan.Zero)
            {
                window = w;
            }

            // A delay in seconds (Ratelimit's t, rounded up) bounds the reset from above: within one window the earliest
            // bound is the nearest to the truth, and waiting for it never sends into the window that is ending. A time
            // (X-RateLimit-Reset) is the counter's own: the later one wins, as it may be of a counter that started
            // later (another Cloud Controller instance, or a limiter that was reset).
            bool sameWindow = endKnown && windowEnds > now && resets < windowEnds + TimeSpan.FromTicks(window.Ticks / 2);
            windowEnds = !sameWindow ? resets
                : resetIsAbsolute ? (resets > windowEnds ? resets : windowEnds)
                : (resets < windowEnds ? resets : windowEnds);
            endKnown = true;

            // The service's count covers the requests it has seen, ours and any other client's of the same credential;
            // once in force, ours that it has not seen yet are in `used` already (adding the requests in flight would
            // count twice those whose answers are on their way, and leave part of every window unused). When a limit
            // first shows, what was counted before means nothing (the service was not counting, or not for this
            // window): its count, plus our other requests in flight, which it may not have seen yet.
            int counted = limit - Math.Max(0, remaining);
            used = inForce ? Math.Max(used, counted) : counted + Math.Max(0, Volatile.Read(ref inFlight) - 1);
            Source = source;
            inForce = true;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>A parameter of a structured field such as <c>"default";r=50;t=30</c>.</summary>
    private static int? Parameter(string field, string name)
    {
        foreach (string part in field.Split(';', ','))
        {
            string[] pair = part.Trim().Split('=');
            if (pair.Length == 2 && pair[0].Trim() == name && int.TryParse(pair[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                return value;
            }
        }

        return null;
    }

    private static byte[] Sha256(string text)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
    }
}
