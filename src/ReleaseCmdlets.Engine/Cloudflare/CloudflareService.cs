using System.Linq;

namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>Cloudflare's API as the shared stack sees it.</summary>
public static class CloudflareService
{
    /// <summary>
    /// Retried as Cloudflare's SDKs retry: 408, 409, 429 and every 5xx, and whatever x-should-retry says first, the wait
    /// from Retry-After-Ms before Retry-After (cloudflare-typescript src/client.ts shouldRetry and retryRequest;
    /// cloudflare-go internal/requestconfig/requestconfig.go). The request id is the cf-ray header. The quota is
    /// 1,200 requests per 5 minutes per user, counted together for every key and token of the user and the dashboard
    /// (developers.cloudflare.com/fundamentals/api/reference/limits). The module cannot know without a request of its
    /// own which user a token belongs to, and several tokens of an account may be one user's: so every request of the
    /// process to one Cloudflare host shares one budget, the most conservative choice.
    /// </summary>
    public static ServiceDescription Description { get; } = new(
        "Cloudflare",
        new RetryPolicy(new[] { 408, 409, 429 }.Concat(Enumerable.Range(500, 100)), decidingHeader: "x-should-retry", millisecondsHeader: "Retry-After-Ms"),
        new[] { "cf-ray" },
        new RateQuota(1200, TimeSpan.FromMinutes(5), firstRequestAlone: true),
        countedAs: _ => "");
}
