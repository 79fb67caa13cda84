namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The one per-request state of the handler chain (<see cref="HttpStack"/>): what a ServiceClient fixes before the
/// request is sent (settings, retry policy, budget, body limit, the caller's token, when the request started), and what
/// the chain leaves of it: one <see cref="RequestOutcome"/>, set once by the <see cref="RetryHandler"/>.
/// </summary>
internal sealed class RequestContext
{
    private const string Key = "ReleaseCmdlets.RequestContext";

    public RequestContext(RequestSettings settings, RetryPolicy policy, bool streaming, long maximumBodyBytes, RequestBudget? budget, CancellationToken cancellation)
    {
        Settings = settings;
        Policy = policy;
        Streaming = streaming;
        MaximumBodyBytes = maximumBodyBytes;
        Budget = budget;
        Cancellation = cancellation;
        started = settings.Clock.GetTimestamp();
    }

    private readonly long started;

    /// <summary>What is left of the request's time limit (-TimeoutSec, its attempts and waits together); null when there is none.</summary>
    public TimeSpan? Left() =>
        Settings.Timeout == Timeout.InfiniteTimeSpan ? null : Settings.Timeout - Clock.Since(Settings.Clock, started);

    public RequestSettings Settings { get; }

    /// <summary>
    /// The caller's cancellation (Ctrl+C). It travels here rather than through HttpClient.SendAsync, which would link
    /// a token source of its own to it for every request; the handler links one per attempt anyway.
    /// </summary>
    public CancellationToken Cancellation { get; }

    public RetryPolicy Policy { get; }

    /// <summary>The request quota this request counts against; null for a service without one.</summary>
    public RequestBudget? Budget { get; }

    /// <summary>True when the caller reads the body as a stream, so the handler must not buffer a successful answer.</summary>
    public bool Streaming { get; }

    /// <summary>The most of a successful answer the handler buffers (<see cref="Limits"/>).</summary>
    public long MaximumBodyBytes { get; }

    /// <summary>What the handler found, once it returned or threw.</summary>
    public RequestOutcome Outcome { get; private set; }

    /// <summary>The retry handler's last word on the request.</summary>
    public void Finish(RequestOutcome outcome) => Outcome = outcome;

#pragma warning disable CS0618 // HttpRequestMessage.Properties is the only bag both .NET Framework and .NET share.
    public void AttachTo(HttpRequestMessage request) => request.Properties[Key] = this;

    public static RequestContext Of(HttpRequestMessage request) =>
        request.Properties.TryGetValue(Key, out object? value) && value is RequestContext context
            ? context
            : throw new InvalidOperationException("A request reached the shared stack without the context a ServiceClient attaches.");
#pragma warning restore CS0618
}
