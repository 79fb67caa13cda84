using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace ReleaseCmdlets.Http;

/// <summary>
/// Which answers of one service are retried, as data: the shared handler applies it, each client names its own.
/// Connection failures are retried for every service; how long to wait is the service's Retry-After (seconds, date,
/// or Retry-After-Ms) or Baseten's body retry_after, else backoff, and never longer than the command has left.
/// </summary>
public sealed class RetryPolicy
{
    private readonly HashSet<int> statuses;

    private RetryPolicy(IEnumerable<int> statuses, bool obeysShouldRetryHeader = false)
    {
        this.statuses = new HashSet<int>(statuses);
        ObeysShouldRetryHeader = obeysShouldRetryHeader;
    }

    /// <summary>
    /// BuildMaster (documented choice: Inedo documents no rate limit or retry advice): what a gateway in front of it
    /// answers when it is briefly away, and 429 in case a proxy limits.
    /// </summary>
    public static RetryPolicy BuildMaster { get; } = new(new[] { 429, 502, 503, 504 });

    /// <summary>
    /// Cloud Foundry as the cf CLI retries (500, 502, 503, 504: cloudfoundry/cli
    /// api/cloudcontroller/wrapper/retry_request.go), plus 429 from Cloud Controller's rate limiter. Unlike the CLI the
    /// cancel (a POST) is retried too: a repeated cancel is reconciled (a deployment already canceling is success).
    /// </summary>
    public static RetryPolicy CloudFoundry { get; } = new(new[] { 429, 500, 502, 503, 504 });

    /// <summary>
    /// Cloudflare as its SDKs retry: 408, 409, 429 and every 5xx, and whatever x-should-retry says first
    /// (cloudflare-typescript src/client.ts shouldRetry; cloudflare-go internal/requestconfig/requestconfig.go).
    /// </summary>
    public static RetryPolicy Cloudflare { get; } = new(new[] { 408, 409, 429 }.Concat(Enumerable.Range(500, 100)), obeysShouldRetryHeader: true);

    /// <summary>Baseten (documented choice: truss retries nothing): its rate limiter's 429 (body retry_after) and gateway answers.</summary>
    public static RetryPolicy Baseten { get; } = new(new[] { 429, 502, 503, 504 });

    public bool ObeysShouldRetryHeader { get; }

    /// <summary>Whether the answer is retried: never a success, whatever its headers say (the SDKs read x-should-retry only on failures).</summary>
    public bool IsRetried(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }

        if (ObeysShouldRetryHeader && response.Headers.TryGetValues("x-should-retry", out var values))
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
}
