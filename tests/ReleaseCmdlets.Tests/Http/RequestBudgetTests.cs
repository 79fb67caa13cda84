using System.Net;
using Microsoft.Extensions.Time.Testing;
using ReleaseCmdlets.Engine.CloudFoundry;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>The request budget read from the services' rate-limit headers, on a clock the test moves.</summary>
public class RequestBudgetTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly FakeTimeProvider clock = new(Start);

    private DateTimeOffset now
    {
        set => clock.SetUtcNow(value);
    }

    private RequestBudget Budget(int requests, int seconds, int? longest = null) =>
        new(new RateQuota(requests, TimeSpan.FromSeconds(seconds), longest is int l ? TimeSpan.FromSeconds(l) : null), clock);

    private static HttpResponseMessage Answer(HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private static HttpResponseMessage Draft(int remaining, int seconds, int? quota = null, int? window = null) =>
        quota is int q
            ? Answer(HttpStatusCode.OK, ("Ratelimit", $"\"default\";r={remaining};t={seconds}"), ("Ratelimit-Policy", $"\"default\";q={q};w={window}"))
            : Answer(HttpStatusCode.OK, ("Ratelimit", $"\"default\";r={remaining};t={seconds}"));

    /// <summary>Requests sent and answered at once: none is in flight when a window ends.</summary>
    private static int Answered(RequestBudget budget, int most)
    {
        int taken = 0;
        while (taken < most && budget.TryTakeTurn(out _))
        {
            budget.Done();
            taken++;
        }

        return taken;
    }

    private static int Turns(RequestBudget budget, int most)
    {
        int taken = 0;
        while (taken < most && budget.TryTakeTurn(out _))
        {
            taken++;
        }

        return taken;
    }

    [Fact]
    public void Nothing_is_paced_until_the_service_shows_a_limit()
    {
        RequestBudget budget = Budget(2, 60);
        budget.TryTakeTurn(out DateTimeOffset first);
        budget.Observe(Answer(), first);

        Assert.Equal(50, Turns(budget, 50));
    }

    [Fact]
    public async Task Where_a_refusal_is_a_penalty_the_first_request_of_a_budget_goes_alone_until_its_answer_shows_the_limits()
    {
        // A burst policy of 10 per second would refuse 6 of the 16 requests -ThrottleLimit 16 sends before any answer.
        RequestBudget budget = new(new RateQuota(1200, TimeSpan.FromSeconds(300), firstRequestAlone: true), clock);
        Assert.True(budget.TryTakeTurn(out DateTimeOffset first));
        Assert.False(budget.TryTakeTurn(out _));
        Task<DateTimeOffset> second = budget.WaitTurnAsync(TimeSpan.FromSeconds(10), (_, _, _) => { }, CancellationToken.None);

        budget.Observe(Answer(HttpStatusCode.OK, ("Ratelimit", "\"burst\";r=9;t=1"), ("Ratelimit-Policy", "\"burst\";q=10;w=1")), first);
        budget.Done();

        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(8, Turns(budget, 50));
        Assert.True(CloudflareQuota.FirstRequestAlone);
        Assert.False(ReleaseCmdlets.Engine.CloudFoundry.CloudFoundryService.Description.Quota!.FirstRequestAlone);
    }

    private static RateQuota CloudflareQuota => ReleaseCmdlets.Engine.Cloudflare.CloudflareService.Description.Quota!;

    [Theory]
    [InlineData("Ratelimit", "\"default\";r=abc;t=30")]
    [InlineData("Ratelimit", "\"default\";r=0")]
    [InlineData("Ratelimit", "\"default\";r=-1;t=30")]
    [InlineData("X-RateLimit-Remaining", "0")]
    [InlineData("Ratelimit", "\"default\";t=30")]
    [InlineData("Ratelimit", "\"default\";r=5;t=abc")]
    public void A_header_that_does_not_parse_sets_no_limit(string name, string value)
    {
        RequestBudget budget = Budget(2, 60);
        budget.TryTakeTurn(out DateTimeOffset turn);

        budget.Observe(Answer(HttpStatusCode.OK, (name, value)), turn);

        Assert.Equal(50, Turns(budget, 50));
    }

    [Fact]
    public void Ratelimit_with_nothing_left_holds_every_request_until_its_reset()
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);

        budget.Observe(Draft(remaining: 0, seconds: 30), turn);

        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(29.9);
        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(30);
        Assert.True(budget.TryTakeTurn(out _));
    }

    [Fact]
    public async Task A_wait_longer_than_the_request_has_left_fails_at_once_saying_until_when_and_why()
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Observe(Draft(remaining: 0, seconds: 30), turn);

        var refused = await Assert.ThrowsAsync<ServiceException>(() => budget.WaitTurnAsync(TimeSpan.FromSeconds(10), (_, _, _) => { }, CancellationToken.None));

        Assert.Equal(ServiceErrorKind.RateLimited, refused.Kind);
        Assert.Equal(ErrorIds.RateLimited, refused.ErrorId);
        Assert.Contains($"{Start.AddSeconds(30):yyyy-MM-dd HH:mm:ss} UTC (in 30 s, as the Ratelimit and Ratelimit-Policy headers say)", refused.Message);
    }

    [Fact]
    public void Ratelimit_Policy_raises_the_quota_above_the_documented_one()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset turn);

        budget.Observe(Draft(remaining: 99, seconds: 60, quota: 100, window: 60), turn);

        Assert.Equal(99, Turns(budget, 500));
    }

    [Fact]
    public void Requests_another_client_spent_of_the_same_quota_are_counted()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset turn);

        budget.Observe(Draft(remaining: 10, seconds: 4, quota: 40, window: 4), turn);

        Assert.Equal(10, Turns(budget, 500));
    }

    [Fact]
    public void Answers_to_requests_sent_together_do_not_count_them_twice()
    {
        // 16 requests in flight at once; the service counted each as it came, and each answer says so.
        RequestBudget budget = Budget(40, 4);
        var turns = new DateTimeOffset[16];
        for (int i = 0; i < turns.Length; i++)
        {
            budget.TryTakeTurn(out turns[i]);
        }

        for (int i = 0; i < turns.Length; i++)
        {
            budget.Observe(Draft(remaining: 39 - i, seconds: 4, quota: 40, window: 4), turns[i]);
        }

        Assert.Equal(24, Turns(budget, 500));
    }

    [Fact]
    public void Requests_sent_before_the_limit_showed_are_not_charged_to_it()
    {
        // A command against a service without a limit, then its limiter is on: the old requests were never counted.
        RequestBudget budget = Budget(2000, 3600);
        for (int i = 0; i < 500; i++)
        {
            budget.TryTakeTurn(out _);
            budget.Done();
        }

        budget.TryTakeTurn(out DateTimeOffset first);
        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), first);
        budget.Done();

        Assert.Equal(39, Turns(budget, 500));
    }

    [Fact]
    public void When_a_limit_first_shows_the_requests_still_in_flight_are_counted()
    {
        // The first answer of a burst of 16 once the service's limiter is on: it may not have seen the other 15 yet.
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset unlimited);
        budget.Observe(Answer(), unlimited);
        budget.Done();
        var turns = new DateTimeOffset[16];
        for (int i = 0; i < turns.Length; i++)
        {
            budget.TryTakeTurn(out turns[i]);
        }

        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), turns[0]);

        Assert.Equal(24, Turns(budget, 500));
    }

    [Fact]
    public void The_earliest_reset_an_answer_bounds_is_kept_within_a_window()
    {
        // t is in whole seconds, rounded up: an answer half a second later that also says 4 s bounds the reset later.
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset first);
        budget.TryTakeTurn(out DateTimeOffset second);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), first);
        now = Start.AddSeconds(0.5);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), second);

        now = Start.AddSeconds(4);
        Assert.True(budget.TryTakeTurn(out _));
    }

    [Fact]
    public void A_later_answer_that_bounds_the_reset_earlier_moves_it_earlier()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset first);
        budget.TryTakeTurn(out DateTimeOffset second);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), first);
        now = Start.AddSeconds(0.5);
        budget.Observe(Draft(remaining: 0, seconds: 3, quota: 40, window: 4), second);

        now = Start.AddSeconds(3.5);
        Assert.True(budget.TryTakeTurn(out _));
    }

    [Fact]
    public void An_answer_to_a_request_of_an_ended_window_does_not_charge_the_new_one()
    {
        RequestBudget budget = Budget(10, 10);
        budget.TryTakeTurn(out DateTimeOffset old);
        budget.Observe(Draft(remaining: 5, seconds: 10, quota: 10, window: 10), old);
        budget.Done();
        budget.TryTakeTurn(out DateTimeOffset late);
        now = Start.AddSeconds(10);
        budget.TryTakeTurn(out DateTimeOffset current);
        Assert.NotEqual(late, current);

        budget.Observe(Draft(remaining: 0, seconds: 1, quota: 10, window: 10), late);

        Assert.Equal(8, Turns(budget, 500)); // the late request is counted in the new window (it was in flight), its answer charges nothing
    }

    [Fact]
    public void A_refusal_of_a_request_of_an_ended_window_still_closes_the_new_one()
    {
        RequestBudget budget = Budget(10, 10);
        budget.TryTakeTurn(out DateTimeOffset old);
        budget.Observe(Draft(remaining: 5, seconds: 10, quota: 10, window: 10), old);
        budget.TryTakeTurn(out DateTimeOffset late);
        now = Start.AddSeconds(10);
        budget.TryTakeTurn(out _);

        budget.Observe(Answer((HttpStatusCode)429, ("Ratelimit", "\"default\";r=0;t=3"), ("Ratelimit-Policy", "\"burst\";q=10;w=10")), late);

        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(13);
        Assert.True(budget.TryTakeTurn(out _));
    }

    [Fact]
    public void A_service_that_stops_showing_a_limit_is_no_longer_paced()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset first);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), first);
        Assert.False(budget.TryTakeTurn(out _));

        budget.Observe(Answer(), first);

        Assert.Equal(50, Turns(budget, 50));
    }

    [Fact]
    public void A_failure_without_rate_limit_headers_keeps_the_limit()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset first);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), first);

        budget.Observe(Answer(HttpStatusCode.BadGateway), first);

        Assert.False(budget.TryTakeTurn(out _));
    }

    [Fact]
    public void One_budget_per_service_host_and_whom_the_service_counts()
    {
        var host = new Uri("https://api.budget-tests.example/client/v4/");
        var quota = new RateQuota(40, TimeSpan.FromSeconds(4));

        RequestBudget first = RequestBudget.For("Cloudflare", host, "Bearer one", quota, clock);

        Assert.Same(first, RequestBudget.For("Cloudflare", new Uri("https://api.budget-tests.example/other/"), "Bearer one", quota, clock));
        Assert.NotSame(first, RequestBudget.For("Cloudflare", host, "Bearer two", quota, clock));
        Assert.NotSame(first, RequestBudget.For("Cloudflare", new Uri("https://api2.budget-tests.example/client/v4/"), "Bearer one", quota, clock));
        Assert.NotSame(first, RequestBudget.For("Cloud Foundry", host, "Bearer one", quota, clock));
    }

    [Fact]
    public void Cloud_Controller_counts_the_tokens_user_so_a_renewed_token_keeps_its_budget()
    {
        string Token(string claims) => "bearer e30." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claims)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
        string first = Token("{\"user_id\":\"u-1\",\"client_id\":\"cf\",\"exp\":1800000000}");
        string renewed = Token("{\"user_id\":\"u-1\",\"client_id\":\"cf\",\"exp\":1800001200}");
        string other = Token("{\"user_id\":\"u-2\",\"client_id\":\"cf\",\"exp\":1800000000}");
        string client = Token("{\"client_id\":\"ci-client\",\"exp\":1800000000}");

        Assert.Equal(AccessTokenClaims.CountedAs(first), AccessTokenClaims.CountedAs(renewed));
        Assert.NotEqual(AccessTokenClaims.CountedAs(first), AccessTokenClaims.CountedAs(other));
        Assert.Equal("client:ci-client", AccessTokenClaims.CountedAs(client));
        Assert.Equal("bearer opaque", AccessTokenClaims.CountedAs("bearer opaque"));
        var host = new Uri("https://api.cc-budget-tests.example/");
        var quota = new RateQuota(2000, TimeSpan.FromHours(1));
        Assert.Same(
            RequestBudget.For("Cloud Foundry", host, AccessTokenClaims.CountedAs(first), quota, clock),
            RequestBudget.For("Cloud Foundry", host, AccessTokenClaims.CountedAs(renewed), quota, clock));
    }

    [Fact]
    public void Cloudflare_shares_one_budget_for_every_credential_of_a_host()
    {
        Func<string?, string> countedAs = ReleaseCmdlets.Engine.Cloudflare.CloudflareService.Description.CountedAs;

        Assert.Equal(countedAs("Bearer token-of-a-user"), countedAs("Bearer another-token-maybe-of-the-same-user"));
        Assert.Equal(countedAs("Bearer token-of-a-user"), countedAs(null));
    }

    // Cloudflare's own example (developers.cloudflare.com/fundamentals/api/reference/limits): a limit named "default"
    // beside a policy named "burst". Each is matched by its name: "burst"'s q and w say nothing of "default".
    [Fact]
    public void Cloudflares_example_headers_never_pair_one_limit_with_another_policy()
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);

        budget.Observe(Answer(HttpStatusCode.OK, ("Ratelimit", "\"default\";r=50;t=30"), ("Ratelimit-Policy", "\"burst\";q=100;w=60")), turn);
        budget.Done();

        Assert.Equal(50, Answered(budget, 2000));
        now = Start.AddSeconds(30);
        Assert.Equal(1200, Answered(budget, 2000)); // the documented quota of "default", not burst's 100
    }

    [Fact]
    public void Every_named_policy_is_paced_at_once_and_the_one_that_binds_wins()
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);

        budget.Observe(Answer(HttpStatusCode.OK,
            ("Ratelimit", "\"default\";r=39;t=4, \"burst\";r=9;t=1"),
            ("Ratelimit-Policy", "\"default\";q=40;w=4, \"burst\";q=10;w=1")), turn);
        budget.Done();

        Assert.Equal(9, Answered(budget, 100));   // burst binds
        now = Start.AddSeconds(1);
        Assert.Equal(10, Answered(budget, 100));
        now = Start.AddSeconds(2);
        Assert.Equal(10, Answered(budget, 100));
        now = Start.AddSeconds(3);
        Assert.Equal(10, Answered(budget, 100)); // 39 of default's 39 spent: default binds until its reset
        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(3.5);
        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(4);
        Assert.Equal(10, Answered(budget, 100));
    }

    [Theory]
    [InlineData("\"default\";r=0;t=30;qu=\"content-bytes\"", "\"default\";q=1000;w=60;qu=\"content-bytes\"", 0)] // a limit paced by its own r and t, whatever the policy's unit
    [InlineData("\"default\";r=5;t=30, bogus, \"x\";r=1", "\"default\";q=40;w=60, \"x\";q=abc;w=1", 5)]
    [InlineData("\"default\";r=5;t=30", "garbage;;;, ,", 5)]
    public void Items_that_do_not_parse_or_are_not_counted_in_requests_are_ignored(string limits, string policies, int expected)
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();

        budget.Observe(Answer(HttpStatusCode.OK, ("Ratelimit", limits), ("Ratelimit-Policy", policies)), turn);

        Assert.Equal(expected, Turns(budget, 2000));
    }

    [Fact]
    public void A_policy_counted_in_another_unit_does_not_set_a_request_quota()
    {
        var readings = RateLimitHeaders.Limits(Answer(HttpStatusCode.OK,
            ("Ratelimit", "\"bytes\";r=500;t=30"), ("Ratelimit-Policy", "\"bytes\";q=1000;w=60;qu=\"content-bytes\"")));

        Assert.Null(Assert.Single(readings).Quota);
    }

    // Cloud Controller's own spec values (spec/unit/middleware/rate_limiter_spec.rb): per-process limit 100, global 1000.
    // Remaining is floor((100 - count) / 100, 1) × 1000: 900 after the first request, 800 after the 11th, 0 from the 91st.
    private static HttpResponseMessage Counter(int remaining, long reset, HttpStatusCode status = HttpStatusCode.OK, int? retryAfter = null)
    {
        var response = Answer(status, ("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", remaining.ToString()), ("X-RateLimit-Reset", reset.ToString()));
        if (retryAfter is int seconds)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", seconds.ToString());
        }

        return response;
    }

    [Fact]
    public void Cloud_Controllers_estimate_is_not_a_count_a_high_one_paces_nothing()
    {
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();

        budget.Observe(Counter(900, Start.ToUnixTimeSeconds() + 600), turn);

        Assert.Equal(500, Answered(budget, 500)); // Limit - Remaining (100) is no count of anything
        Assert.Equal(8, Turns(budget, 500)); // until a tenth has dropped, in flight: what was answered in it, × 8 tenths
    }

    [Fact]
    public async Task At_an_estimate_of_0_a_request_waits_for_the_reset_only_when_it_can_and_none_fails_early()
    {
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();
        budget.Observe(Counter(0, Start.ToUnixTimeSeconds() + 3000), turn);

        Assert.False(budget.TryTakeTurn(out _));
        // -TimeoutSec 10 cannot wait 3000 s: an estimate is no refusal, so the request is sent, one at a time.
        await budget.WaitTurnAsync(TimeSpan.FromSeconds(10), (_, _, _) => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Task<DateTimeOffset> second = budget.WaitTurnAsync(TimeSpan.FromSeconds(10), (_, _, _) => { }, CancellationToken.None);
        Assert.False(second.IsCompleted);
        budget.Done();
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        budget.Done();

        Task<DateTimeOffset> patient = budget.WaitTurnAsync(TimeSpan.FromSeconds(4000), (_, _, _) => { }, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2999));
        Assert.False(patient.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        await patient.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void When_an_estimated_period_ends_one_request_goes_alone_until_an_answer_shows_the_new_period()
    {
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();
        long reset = Start.ToUnixTimeSeconds() + 4;
        budget.Observe(Counter(900, reset), turn);

        // Past the reset: requests of the ended period may still reach the service in its new one (sent late, or slow on
        // the way), so the budget does not open wide before the service has shown its count.
        now = DateTimeOffset.FromUnixTimeSeconds(reset + 2);
        Assert.Equal(1, Turns(budget, 16));
        budget.Done();
        budget.Observe(Counter(900, reset + 4), DateTimeOffset.FromUnixTimeSeconds(reset + 2));

        Assert.Equal(8, Turns(budget, 16)); // what was answered in the new period (1), × 8 tenths
    }

    [Fact]
    public void The_requests_in_flight_stay_within_what_the_estimate_shows_is_left()
    {
        RequestBudget budget = Budget(2000, 3600);
        long reset = Start.ToUnixTimeSeconds() + 600;
        DateTimeOffset turn = default;
        for (int count = 1; count <= 50; count++)
        {
            // Cloud Controller's estimate of a per-process limit of 100 under a global 1000, after each request.
            budget.TryTakeTurn(out turn);
            budget.Done();
            budget.Observe(Counter((int)(Math.Floor((100 - count) / 10.0) * 100), reset), turn);
        }

        // 500 since the 41st request: 50 requests are left; in flight a few tenths of them, never more, never one at a time.
        Assert.InRange(Turns(budget, 100), 30, 50);
        budget.Observe(Counter(100, reset), turn);
        budget.Done();
        Assert.False(budget.TryTakeTurn(out _)); // the last tenth one at a time
    }

    [Fact]
    public async Task A_refusal_of_Cloud_Controller_is_a_fact_every_request_waits_it_out_or_fails_at_once_saying_when()
    {
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();

        budget.Observe(Counter(0, Start.ToUnixTimeSeconds() + 600, (HttpStatusCode)429, retryAfter: 600), turn);

        Assert.False(budget.TryTakeTurn(out _));
        var refused = await Assert.ThrowsAsync<ServiceException>(() => budget.WaitTurnAsync(TimeSpan.FromSeconds(10), (_, _, _) => { }, CancellationToken.None));
        Assert.Equal(ErrorIds.RateLimited, refused.ErrorId);
        Assert.Contains("as the Retry-After and rate-limit headers of the service's refusal say", refused.Message);
        Task<DateTimeOffset> patient = budget.WaitTurnAsync(TimeSpan.FromSeconds(700), (_, _, _) => { }, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(599));
        Assert.False(patient.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        await patient.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Absurd_X_RateLimit_headers_never_fail_a_request_and_what_they_taught_expires()
    {
        // Found in a hostile trial: Limit 1, Remaining 0, a reset in 2100 made every later call fail at once until pwsh restarted.
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();

        budget.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Limit", "1"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "4102444800")), turn);

        await budget.WaitTurnAsync(TimeSpan.FromSeconds(1), (_, _, _) => { }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        budget.Done();
        now = Start.AddHours(1).AddSeconds(2);
        // Bounded by the longest window, then forgotten: the next period opens with one request until an answer shows it.
        Assert.Equal(1, Turns(budget, 100));
        budget.Done();
        budget.Observe(Counter(900, Start.AddHours(2).ToUnixTimeSeconds()), Start.AddHours(1).AddSeconds(2));
        Assert.Equal(8, Turns(budget, 100));
    }

    [Fact]
    public async Task An_absurd_Ratelimit_reset_is_bounded_by_the_longest_window_and_then_expires()
    {
        // Found in a hostile trial: "default";r=0;t=2147483647 blocked the host for the session (and overflowed a wait).
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();

        budget.Observe(Answer(HttpStatusCode.OK, ("Ratelimit", "\"default\";r=0;t=2147483647")), turn);

        Task<DateTimeOffset> unlimited = budget.WaitTurnAsync(null, (_, _, _) => { }, CancellationToken.None); // -TimeoutSec 0
        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.False(unlimited.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await unlimited.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_whole_five_minute_Cloudflare_window_passes_on_virtual_time()
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Observe(Answer(HttpStatusCode.OK, ("Ratelimit", "\"default\";r=1199;t=300"), ("Ratelimit-Policy", "\"default\";q=1200;w=300")), turn);
        budget.Done();
        Assert.Equal(1199, Turns(budget, 5000));
        var waits = new List<TimeSpan>();
        var started = System.Diagnostics.Stopwatch.StartNew();

        Task<DateTimeOffset> next = budget.WaitTurnAsync(TimeSpan.FromSeconds(400), (wait, _, _) => waits.Add(wait), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(Start.AddMinutes(5), await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromMinutes(5), Assert.Single(waits));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Requests_still_in_flight_when_a_window_ends_are_counted_in_the_next()
    {
        // A slow client: 5 requests counted in the window reach the service after its window closed.
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), turn);
        budget.Done();
        Assert.Equal(39, Turns(budget, 100));
        for (int i = 0; i < 34; i++)
        {
            budget.Done();
        }

        now = Start.AddSeconds(4);

        Assert.Equal(35, Turns(budget, 100));
    }

    [Fact]
    public void An_answer_from_the_services_next_window_opens_it_here_too_with_the_requests_on_their_way()
    {
        // 10 requests of the window reach the service late, after its window closed: the first answer says so.
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), turn);
        budget.Done();
        Assert.Equal(29, Answered(budget, 29));
        Assert.Equal(10, Turns(budget, 10));
        Assert.False(budget.TryTakeTurn(out _));

        now = Start.AddSeconds(3.9);
        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), turn.AddSeconds(3.8));
        budget.Done();

        Assert.Equal(30, Turns(budget, 100)); // 40, less the one counted and the 9 still on their way
    }

    [Fact]
    public void A_refusal_holds_every_request_for_the_Retry_After_of_the_block()
    {
        // Cloudflare blocks every call of the user for the whole period after a refusal, beyond the window's own reset.
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out DateTimeOffset turn);
        budget.Done();

        var refusal = Draft(remaining: 0, seconds: 1, quota: 40, window: 4);
        refusal.StatusCode = (HttpStatusCode)429;
        refusal.Headers.TryAddWithoutValidation("Retry-After", "4");
        budget.Observe(refusal, turn);

        now = Start.AddSeconds(2);
        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(4);
        Assert.True(budget.TryTakeTurn(out _));
    }
}
