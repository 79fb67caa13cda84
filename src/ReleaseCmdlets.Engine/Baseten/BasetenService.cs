using System.Text.Json;

namespace ReleaseCmdlets.Engine.Baseten;

/// <summary>Baseten's management API as the shared stack sees it.</summary>
public static class BasetenService
{
    /// <summary>
    /// Retried (a documented choice: truss retries nothing): the rate limiter's 429, whose body names the wait
    /// (<c>{"retry_after": 37}</c>), and gateway answers. The quota is 100 requests per second per key and endpoint
    /// (docs.baseten.co, management API rate limits).
    /// </summary>
    public static ServiceDescription Description { get; } = new(
        "Baseten",
        new RetryPolicy(new[] { 429, 502, 503, 504 }, waitInBody: RetryAfterInBody),
        new[] { "X-Request-Id" },
        new RateQuota(100, TimeSpan.FromSeconds(1)));

    private static TimeSpan? RetryAfterInBody(string body)
    {
        if (body.IndexOf("retry_after", StringComparison.Ordinal) < 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("retry_after", out JsonElement value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetDouble(out double seconds))
            {
                return RetryDelay.Asked(seconds);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
