using System.Linq;

namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>Cloudflare's API as the shared stack sees it.</summary>
internal static class CloudflareService
{
    /// <summary>
    /// Retried as Cloudflare's SDKs retry: 408, 409, 429 and every 5xx, and whatever x-should-retry says first, the wait
    /// from Retry-After-Ms before Retry-After (cloudflare-typescript src/client.ts shouldRetry and retryRequest;
    /// cloudflare-go internal/requestconfig/requestconfig.go). The request id is the cf-ray header. The quota is
    /// 1,200 requests per 5 minutes per user (developers.cloudflare.com/fundamentals/api/reference/limits).
    /// </summary>
    public static ServiceDescription Description { get; } = new(
        "Cloudflare",
        new RetryPolicy(new[] { 408, 409, 429 }.Concat(Enumerable.Range(500, 100)), decidingHeader: "x-should-retry", millisecondsHeader: "Retry-After-Ms"),
        new[] { "cf-ray" },
        new RateQuota(1200, TimeSpan.FromMinutes(5)));
}
