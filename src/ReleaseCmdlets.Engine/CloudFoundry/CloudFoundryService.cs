namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>Cloud Controller and its UAA as the shared stack sees them.</summary>
public static class CloudFoundryService
{
    /// <summary>
    /// Retried as the cf CLI retries (500, 502, 503, 504: cloudfoundry/cli api/cloudcontroller/wrapper/retry_request.go),
    /// plus 429 from Cloud Controller's rate limiter. Unlike the CLI the cancel (a POST) is retried too: a repeated
    /// cancel is reconciled (a deployment already canceling is success).
    /// </summary>
    public static RetryPolicy Retries { get; } = new(new[] { 429, 500, 502, 503, 504 });

    /// <summary>
    /// Cloud Controller's default limit: 2,000 requests per process per hour (config/cloud_controller.yml, rate_limiter:
    /// off by default), counted per user: the token's user_id, or client_id for a client's token
    /// (lib/cloud_controller/security/security_context_configurer.rb), so a renewed token keeps its user's budget.
    /// </summary>
    public static ServiceDescription Description { get; } = new(
        "Cloud Foundry", Retries, new[] { "X-Vcap-Request-Id" }, new RateQuota(2000, TimeSpan.FromHours(1)), AccessTokenClaims.CountedAs);

    public static ServiceDescription Uaa { get; } = new("UAA", Retries, new[] { "X-Vcap-Request-Id" });
}
