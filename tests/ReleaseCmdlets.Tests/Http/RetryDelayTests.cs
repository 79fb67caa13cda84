using System.Net;
using System.Net.Http.Headers;
using ReleaseCmdlets.Engine.Baseten;
using ReleaseCmdlets.Engine.Cloudflare;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Tests.Http;

public class RetryDelayTests
{
    private static readonly RetryPolicy Plain = new(new[] { 429, 503 });
    private static readonly RequestSettings Settings = new() { RetryInterval = TimeSpan.FromSeconds(1), MaximumRetryWait = TimeSpan.FromSeconds(60) };

    [Theory]
    [InlineData(40)]
    [InlineData(99)]
    public void Backoff_of_a_late_attempt_is_the_cap_not_an_overflow(int attempt)
    {
        // -MaximumRetryCount allows 100: 2^attempt seconds passes TimeSpan.MaxValue near attempt 40.
        var settings = new RequestSettings { RetryInterval = TimeSpan.FromSeconds(3600), MaximumRetryWait = TimeSpan.FromSeconds(120) };

        Assert.Equal(TimeSpan.FromSeconds(120), RetryDelay.For(null, null, attempt, settings, Plain).Wait);
    }

    [Fact]
    public void Retry_After_seconds_is_honoured()
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelay.For(response, null, 0, Settings, Plain).Wait);
    }

    [Fact]
    public void Retry_After_as_an_http_date_is_honoured()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(10));

        TimeSpan wait = RetryDelay.For(response, null, 0, Settings, Plain).Wait;

        Assert.InRange(wait.TotalSeconds, 8, 10);
    }

    [Fact]
    public void Basetens_body_retry_after_is_honoured()
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);

        var (wait, _) = RetryDelay.For(response, """{"error":"Rate limit exceeded. Please try again later.","retry_after":3}""", 0, Settings, BasetenService.Description.Retries);

        Assert.Equal(TimeSpan.FromSeconds(3), wait);
    }

    [Fact]
    public void A_long_asked_wait_is_not_cut_short()
    {
        // The handler refuses a wait longer than the command has left, and says when to try again; it never waits less.
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMinutes(5), RetryDelay.For(response, null, 0, Settings, Plain).Wait);
    }

    [Fact]
    public void Retry_After_Ms_is_honoured_before_Retry_After()
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.TryAddWithoutValidation("Retry-After-Ms", "1500");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(9));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryDelay.For(response, null, 0, Settings, CloudflareService.Description.Retries).Wait);
    }

    [Fact]
    public void A_wait_named_where_the_service_does_not_name_it_is_not_read()
    {
        // Retry-After-Ms is Cloudflare's, a body retry_after Baseten's: another service's answer saying so is not obeyed.
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.TryAddWithoutValidation("Retry-After-Ms", "1500");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(9));
        using var limited = new HttpResponseMessage((HttpStatusCode)429);

        Assert.Equal(TimeSpan.FromSeconds(9), RetryDelay.For(response, null, 0, Settings, Plain).Wait);
        Assert.Equal("backoff", RetryDelay.For(limited, """{"retry_after":3}""", 0, Settings, Plain).Source);
    }

    [Theory]
    [InlineData(0, 0.8, 1.2)]
    [InlineData(1, 1.6, 2.4)]
    [InlineData(3, 6.4, 9.6)]
    public void Without_a_hint_the_wait_doubles_with_jitter(int attempt, double lowest, double highest)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway);

        for (int i = 0; i < 20; i++)
        {
            Assert.InRange(RetryDelay.For(response, null, attempt, Settings, Plain).Wait.TotalSeconds, lowest, highest);
        }
    }
}
