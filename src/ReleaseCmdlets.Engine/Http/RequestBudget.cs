using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A service's request quota as seen from this process, for one service, host and whom the service counts (the
/// service's <see cref="ServiceDescription.CountedAs"/>), shared by every request of every command (parallel cancels
/// included). A request waits for its turn before it is sent, so that no quota is exceeded, instead of being refused
/// after it: Cloudflare blocks every call of a user for five minutes once a quota is exceeded.
/// <para>
/// What is paced comes from the answers' headers (<see cref="RateLimitHeaders"/>), never from the documented quota
/// alone: a service or a test server that shows no limit is never slowed down. Cloudflare's named limits are each
/// paced at once, the one that binds wins; each counts exactly, so a request that cannot get a turn within what it has
/// left fails at once. Cloud Controller's estimate (tenths of the enforcing counter) is not a count: the requests in
/// flight stay within what it shows is left (a tenth in reserve), the last tenth goes one at a time, and at an estimate
/// of 0 a request waits for the reset only when it can; none fails until the service refuses one. A refusal and its
/// Retry-After are facts that every request of the budget waits out.
/// </para>
/// <para>
/// What the headers teach is bounded by the service's longest window and expires with it; a window's requests still in
/// flight when it ends may reach the service after its window closed, so the next one counts them too.
/// </para>
/// </summary>
internal sealed class RequestBudget
{
    private static readonly ConcurrentDictionary<string, RequestBudget> Budgets = new();

    /// <summary>The granularity of the reset headers (whole seconds): two resets this close are one.</summary>
    private static readonly TimeSpan ResetGranularity = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private readonly TimeProvider clock;
    private readonly RateQuota quota;
    private readonly List<BudgetWindow> windows = new();
    private TaskCompletionSource<bool> answered = NewSignal();
    private CounterEstimate? estimate;
    private int periodAnswers;
    private int periodFirstTenths;
    private int? tenthSize;
    private DateTimeOffset estimateResets;
    // An estimated period has ended and no answer has shown the next one yet: one request at a time until one does.
    private bool periodUnseen;
    private DateTimeOffset refusedUntil;
    private string refusalSource = "";
    private DateTimeOffset lastShownSentAt;
    private int inFlight;
    private bool heard;
    private volatile bool inForce;

    internal RequestBudget(RateQuota quota, TimeProvider clock)
    {
        this.quota = quota;
        this.clock = clock;
    }

    /// <summary>What set the pace last: the service's headers, or its refusal.</summary>
    public string Source { get; private set; } = "the documented limit";

    /// <summary>The budget of one service, host and whom the service counts (hashed: a credential is never kept as text).</summary>
    public static RequestBudget For(string service, Uri host, string countedAs, RateQuota quota, TimeProvider clock)
    {
        string identity = countedAs.Length == 0 ? "" : Convert.ToBase64String(Sha256(countedAs));
        string clockKey = ReferenceEquals(clock, TimeProvider.System) ? "" : "|" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(clock);
        return Budgets.GetOrAdd($"{service}|{host.GetLeftPart(UriPartial.Authority)}|{identity}{clockKey}", _ => new RequestBudget(quota, clock));
    }

    /// <summary>Forgets every budget of the process (for tests: no test inherits another's budget).</summary>
    internal static void ResetAll() => Budgets.Clear();

    /// <summary>Counts a request if every limit allows it now (the common case: no task, no wait).</summary>
    public bool TryTakeTurn(out DateTimeOffset sentAt)
    {
        lock (gate)
        {
            sentAt = clock.GetUtcNow();
            return Decide(sentAt, canWait: null).Taken;
        }
    }

    /// <summary>
    /// Waits until a request may be sent within every limit, then counts it; <paramref name="waiting"/> hears of each
    /// timed wait. A wait for a counted limit longer than the request has <paramref name="left"/> is not waited out: it
    /// fails at once, saying when. Returns when the request was counted, for <see cref="Observe"/>.
    /// </summary>
    public async Task<DateTimeOffset> WaitTurnAsync(TimeSpan? left, Action<TimeSpan, DateTimeOffset, string> waiting, CancellationToken cancellationToken)
    {
        DateTimeOffset? deadline = clock.GetUtcNow() + left;
        while (true)
        {
            Decision decision;
            Task next;
            DateTimeOffset now;
            string source;
            lock (gate)
            {
                now = clock.GetUtcNow();
                decision = Decide(now, deadline - now);
                if (decision.Taken)
                {
                    return now;
                }

                next = answered.Task;
                source = Source;
            }

            if (decision.Until is not DateTimeOffset until)
            {
                // One at a time near the end of an estimated quota: the turn comes with the answer of the request in flight.
                await Task.WhenAny(next, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }

            TimeSpan wait = until - now;
            if (until > deadline)
            {
                throw ServiceException.Refused(
                    ServiceErrorKind.RateLimited,
                    $"The service's request budget allows the next request at {until.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC (in {wait.TotalSeconds:0} s, as the {source} say), " +
                    $"later than the {Math.Max(0, (deadline.Value - now).TotalSeconds):0} s this request has left (-TimeoutSec): try again after that time.",
                    ErrorIds.RateLimited);
            }

            waiting(wait, until, source);
            await Clock.Delay(clock, wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A request counted by a turn has its answer, or has failed.</summary>
    public void Done()
    {
        TaskCompletionSource<bool> signal;
        lock (gate)
        {
            inFlight--;
            signal = answered;
            answered = NewSignal();
        }

        signal.TrySetResult(true);
    }

    /// <summary>
    /// Corrects the budget from the rate-limit headers, if any, of the answer to a request counted at
    /// <paramref name="sentAt"/>. Never throws: what an answer's headers say cannot undo what the answer says.
    /// </summary>
    public void Observe(HttpResponseMessage response, DateTimeOffset sentAt)
    {
        DateTimeOffset now = clock.GetUtcNow();
        bool refusal = (int)response.StatusCode == 429;
        TimeSpan? retryAfter = refusal ? RetryDelay.FromHeader(response, null, clock) : null;
        IReadOnlyList<LimitReading> limits = RateLimitHeaders.Limits(response);
        CounterEstimate? counter = limits.Count == 0 ? RateLimitHeaders.Counter(response) : null;
        lock (gate)
        {
            heard = true;
            if (limits.Count > 0)
            {
                ObserveLimits(limits, refusal, retryAfter, sentAt, now);
            }
            else if (counter is not null)
            {
                ObserveEstimate(counter, refusal, retryAfter, sentAt, now);
            }
            else if (response.IsSuccessStatusCode && inForce && sentAt >= lastShownSentAt)
            {
                // The service answers without a limit now (an operator turned its limiter off): pace no longer.
                windows.Clear();
                estimate = null;
                periodUnseen = false;
                inForce = false;
            }

            // A 429 without rate-limit headers (a proxy's, a gateway's) is the refused request's own affair: the retry
            // handler waits its Retry-After.
        }
    }

    private void ObserveLimits(IReadOnlyList<LimitReading> limits, bool refusal, TimeSpan? retryAfter, DateTimeOffset sentAt, DateTimeOffset now)
    {
        foreach (LimitReading reading in limits)
        {
            if (reading.ResetsIn <= TimeSpan.Zero && !refusal)
            {
                continue; // about a window that has just ended
            }

            BudgetWindow? window = windows.FirstOrDefault(known => known.Name == reading.Name);
            int countedBeforeShown = -1;
            if (window is null)
            {
                window = new BudgetWindow(reading.Name, quota.Requests, quota.Window < quota.LongestWindow ? quota.Window : quota.LongestWindow, now);
                windows.Add(window);
                countedBeforeShown = Math.Max(0, inFlight - 1);
            }
            else if (sentAt < window.StartedAt && !refusal)
            {
                continue; // the answer to a request of a window that has ended here speaks of that window
            }

            window.Correct(reading, now, quota.LongestWindow, countedBeforeShown, inFlight);
            if (refusal && reading.Remaining <= 0)
            {
                window.Close(now + Bounded(Longer(reading.ResetsIn, retryAfter)));
            }
        }

        Refused(refusal, retryAfter, now);
        Shown("Ratelimit and Ratelimit-Policy headers", sentAt);
    }

    private void ObserveEstimate(CounterEstimate counter, bool refusal, TimeSpan? retryAfter, DateTimeOffset sentAt, DateTimeOffset now)
    {
        // Whole epoch seconds, the fraction dropped: the counter resets within the second after.
        long nowSeconds = now.ToUnixTimeSeconds();
        DateTimeOffset resets = counter.ResetEpochSeconds - nowSeconds < (long)quota.LongestWindow.TotalSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Max(nowSeconds, counter.ResetEpochSeconds) + 1)
            : now + quota.LongestWindow;
        if (resets > now)
        {
            // Cloud Controller's reset is the user's (one interval for every process): a later one starts a new period;
            // within a period, answers of processes that counted more keep the estimate low.
            bool newPeriod = estimate is null || resets > estimateResets + ResetGranularity;
            periodUnseen = false;
            if (newPeriod)
            {
                estimate = counter;
                periodFirstTenths = counter.TenthsLeft;
                periodAnswers = 1;
            }
            else
            {
                periodAnswers++;
                if (counter.TenthsLeft < estimate!.TenthsLeft)
                {
                    // A tenth is about as many requests as the period took per tenth so far; one tenth more is assumed
                    // spent than shown, as the estimate is rounded down.
                    tenthSize = Math.Max(1, periodAnswers / (periodFirstTenths - counter.TenthsLeft + 1));
                    estimate = counter;
                }
            }

            estimateResets = newPeriod || resets > estimateResets ? resets : estimateResets;
        }

        Refused(refusal, retryAfter ?? (resets > now ? resets - now : null), now);
        Shown("X-RateLimit-* headers", sentAt);
    }

    private void Refused(bool refusal, TimeSpan? retryAfter, DateTimeOffset now)
    {
        if (refusal && retryAfter is TimeSpan wait)
        {
            DateTimeOffset until = now + Bounded(wait);
            refusedUntil = until > refusedUntil ? until : refusedUntil;
            refusalSource = "Retry-After and rate-limit headers of the service's refusal";
        }
    }

    private void Shown(string source, DateTimeOffset sentAt)
    {
        Source = source;
        inForce = true;
        lastShownSentAt = sentAt > lastShownSentAt ? sentAt : lastShownSentAt;
    }

    /// <summary>
    /// Whether a request may be sent now, and if not, until when it waits. <paramref name="canWait"/> is how long the
    /// request may wait (null: as long as it takes); only an estimate's hold depends on it, since an estimate is no
    /// refusal: a request that cannot wait for its reset is sent, one at a time.
    /// </summary>
    private Decision Decide(DateTimeOffset now, TimeSpan? canWait)
    {
        if (!inForce)
        {
            if (!heard && inFlight > 0 && quota.FirstRequestAlone)
            {
                return new Decision(false, null);
            }

            inFlight++;
            return Decision.Take;
        }

        DateTimeOffset? until = refusedUntil > now ? refusedUntil : null;
        foreach (BudgetWindow window in windows)
        {
            // The requests still in flight may reach the service after its window closed: the next one counts them.
            if (window.RollIfEnded(now, inFlight))
            {
                continue;
            }

            if (!window.Allows && (until is null || window.Ends > until))
            {
                until = window.Ends;
            }
        }

        if (until is not null)
        {
            Source = until == refusedUntil ? refusalSource : Source;
            return new Decision(false, until);
        }

        if (estimate is not null)
        {
            if (now >= estimateResets)
            {
                // What the estimate taught has expired with its period. Requests of that period may still reach the
                // service in its next one (sent in its last moments, or slow on the way), so the next period opens with
                // one request at a time until an answer shows its count.
                estimate = null;
                periodUnseen = true;
            }
            else
            {
                int tenths = estimate.TenthsLeft;
                if (tenths == 0 && (canWait is null || estimateResets - now <= canWait))
                {
                    return new Decision(false, estimateResets);
                }

                // The requests in flight never exceed what the estimate shows is left, one tenth kept in reserve: a tenth
                // is as many requests as it took to lower the estimate by one.
                // Before the estimate has dropped a tenth, a tenth is at least as many requests as were answered in it.
                int allowed = tenths <= 1 ? 1 : Math.Max(1, (tenthSize ?? periodAnswers) * (tenths - 1));
                if (inFlight >= allowed)
                {
                    return new Decision(false, null);
                }
            }
        }

        if (estimate is null && periodUnseen && inFlight > 0)
        {
            return new Decision(false, null);
        }

        foreach (BudgetWindow window in windows)
        {
            window.Count();
        }

        inFlight++;
        return Decision.Take;
    }

    private TimeSpan Bounded(TimeSpan wait) => wait < quota.LongestWindow ? wait : quota.LongestWindow;

    private static TimeSpan Longer(TimeSpan a, TimeSpan? b) => b is TimeSpan other && other > a ? other : a;

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static byte[] Sha256(string text)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
    }

    private readonly struct Decision
    {
        public static readonly Decision Take = new(true, null);

        public Decision(bool taken, DateTimeOffset? until)
        {
            Taken = taken;
            Until = until;
        }

        public bool Taken { get; }

        /// <summary>When a turn may come; null when it comes with the answer of a request in flight.</summary>
        public DateTimeOffset? Until { get; }
    }
}
