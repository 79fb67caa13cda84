using System.Net;
using ReleaseCmdlets.Engine.Http;
using ReleaseCmdlets.Errors;

namespace ReleaseCmdlets.Tests.Http;

/// <summary>The request budget read from the services' rate-limit headers, on a clock the test moves.</summary>
public class RequestBudgetTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private DateTimeOffset now = Start;

    private RequestBudget Budget(int requests, int seconds) => new(new RateQuota(requests, TimeSpan.FromSeconds(seconds)), () => now);

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
            ? Answer(HttpStatusCode.OK, ("Ratelimit", $"\"default\";r={remaining};t={seconds}"), ("Ratelimit-Policy", $"\"burst\";q={q};w={window}"))
            : Answer(HttpStatusCode.OK, ("Ratelimit", $"\"default\";r={remaining};t={seconds}"));

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

        Assert.Equal(50, Turns(budget, 50));
    }

    [Theory]
    [InlineData("Ratelimit", "\"default\";r=abc;t=30")]
    [InlineData("Ratelimit", "\"default\";r=0")]
    [InlineData("Ratelimit", "\"default\";r=-1;t=30")]
    [InlineData("X-RateLimit-Remaining", "0")]
    public void A_header_that_does_not_parse_sets_no_limit(string name, string value)
    {
        RequestBudget budget = Budget(2, 60);
        budget.TryTakeTurn(out long turn);

        budget.Observe(Answer(HttpStatusCode.OK, (name, value)), turn);

        Assert.Equal(50, Turns(budget, 50));
    }

    [Fact]
    public void Ratelimit_with_nothing_left_holds_every_request_until_its_reset()
    {
        RequestBudget budget = Budget(1200, 300);
        budget.TryTakeTurn(out long turn);

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
        budget.TryTakeTurn(out long turn);
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
        budget.TryTakeTurn(out long turn);

        budget.Observe(Draft(remaining: 99, seconds: 60, quota: 100, window: 60), turn);

        Assert.Equal(99, Turns(budget, 500));
    }

    [Fact]
    public void Requests_another_client_spent_of_the_same_quota_are_counted()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out long turn);

        budget.Observe(Draft(remaining: 10, seconds: 4, quota: 40, window: 4), turn);

        Assert.Equal(10, Turns(budget, 500));
    }

    [Fact]
    public void Answers_to_requests_sent_together_do_not_count_them_twice()
    {
        // 16 requests in flight at once; the service counted each as it came, and each answer says so.
        RequestBudget budget = Budget(40, 4);
        long[] turns = new long[16];
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

        budget.TryTakeTurn(out long first);
        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), first);
        budget.Done();

        Assert.Equal(39, Turns(budget, 500));
    }

    [Fact]
    public void When_a_limit_first_shows_the_requests_still_in_flight_are_counted()
    {
        // The first answer of a burst of 16: the service may not have seen the other 15 yet.
        RequestBudget budget = Budget(40, 4);
        long[] turns = new long[16];
        for (int i = 0; i < turns.Length; i++)
        {
            budget.TryTakeTurn(out turns[i]);
        }

        budget.Observe(Draft(remaining: 39, seconds: 4, quota: 40, window: 4), turns[0]);

        Assert.Equal(24, Turns(budget, 500));
    }

    [Fact]
    public void X_RateLimit_headers_of_Cloud_Controller_set_the_limit_and_the_reset()
    {
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out long turn);

        budget.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Limit", "30"), ("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset", (Start.ToUnixTimeSeconds() + 5).ToString())), turn);

        Assert.Equal(3, Turns(budget, 500));
        now = Start.AddSeconds(5.9);
        Assert.False(budget.TryTakeTurn(out _)); // the header drops the fraction of the second
        now = Start.AddSeconds(6);
        Assert.Equal(30, Turns(budget, 500));
    }

    [Fact]
    public void A_later_X_RateLimit_Reset_wins_over_an_earlier_one()
    {
        // Cloud Controller instances count separately; a counter that started later resets later.
        RequestBudget budget = Budget(2000, 3600);
        budget.TryTakeTurn(out long first);
        budget.TryTakeTurn(out long second);
        budget.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Limit", "20"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", (Start.ToUnixTimeSeconds() + 4).ToString())), first);
        budget.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Limit", "20"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", (Start.ToUnixTimeSeconds() + 9).ToString())), second);

        now = Start.AddSeconds(5);
        Assert.False(budget.TryTakeTurn(out _));
        now = Start.AddSeconds(10);
        Assert.True(budget.TryTakeTurn(out _));
    }

    [Fact]
    public void The_earliest_reset_an_answer_bounds_is_kept_within_a_window()
    {
        // t is in whole seconds, rounded up: an answer half a second later that also says 4 s bounds the reset later.
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out long first);
        budget.TryTakeTurn(out long second);
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
        budget.TryTakeTurn(out long first);
        budget.TryTakeTurn(out long second);
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
        budget.TryTakeTurn(out long old);
        budget.Observe(Draft(remaining: 5, seconds: 10, quota: 10, window: 10), old);
        budget.TryTakeTurn(out long late);
        now = Start.AddSeconds(10);
        budget.TryTakeTurn(out long current);
        Assert.NotEqual(late, current);

        budget.Observe(Draft(remaining: 0, seconds: 1, quota: 10, window: 10), late);

        Assert.Equal(9, Turns(budget, 500));
    }

    [Fact]
    public void A_refusal_of_a_request_of_an_ended_window_still_closes_the_new_one()
    {
        RequestBudget budget = Budget(10, 10);
        budget.TryTakeTurn(out long old);
        budget.Observe(Draft(remaining: 5, seconds: 10, quota: 10, window: 10), old);
        budget.TryTakeTurn(out long late);
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
        budget.TryTakeTurn(out long first);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), first);
        Assert.False(budget.TryTakeTurn(out _));

        budget.Observe(Answer(), first);

        Assert.Equal(50, Turns(budget, 50));
    }

    [Fact]
    public void A_failure_without_rate_limit_headers_keeps_the_limit()
    {
        RequestBudget budget = Budget(40, 4);
        budget.TryTakeTurn(out long first);
        budget.Observe(Draft(remaining: 0, seconds: 4, quota: 40, window: 4), first);

        budget.Observe(Answer(HttpStatusCode.BadGateway), first);

        Assert.False(budget.TryTakeTurn(out _));
    }

    [Fact]
    public void One_budget_per_service_host_and_credential()
    {
        var host = new Uri("https://api.budget-tests.example/client/v4/");
        var quota = new RateQuota(40, TimeSpan.FromSeconds(4));

        RequestBudget first = RequestBudget.For("Cloudflare", host, "Bearer one", quota);

        Assert.Same(first, RequestBudget.For("Cloudflare", new Uri("https://api.budget-tests.example/other/"), "Bearer one", quota));
        Assert.NotSame(first, RequestBudget.For("Cloudflare", host, "Bearer two", quota));
        Assert.NotSame(first, RequestBudget.For("Cloudflare", new Uri("https://api2.budget-tests.example/client/v4/"), "Bearer one", quota));
        Assert.NotSame(first, RequestBudget.For("Cloud Foundry", host, "Bearer one", quota));
    }
}
