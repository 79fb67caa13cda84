namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>BuildMaster as the shared stack sees it.</summary>
public static class BuildMasterService
{
    /// <summary>
    /// Inedo documents no rate limit, retry advice or request id: retried are what a gateway in front of BuildMaster
    /// answers when it is briefly away, and 429 in case a proxy limits (a documented choice); the request id is a
    /// proxy's X-Request-Id, if any.
    /// </summary>
    public static ServiceDescription Description { get; } = new(
        "BuildMaster",
        new RetryPolicy(new[] { 429, 502, 503, 504 }),
        new[] { "X-Request-Id" });
}
