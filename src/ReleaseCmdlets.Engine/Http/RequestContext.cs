namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// What a ServiceClient hands the shared handler chain with one request, all of it fixed before the request is sent,
/// and what the handler leaves of it: one <see cref="RequestOutcome"/>, set once when the handler is done.
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
    }

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

    /// <summary>The handler's last word on the request.</summary>
    public void Finish(RequestOutcome outcome) => Outcome = outcome;

#pragma warning disable CS0618 // HttpRequestMessage.Properties is the only bag both .NET Framework and .NET share.
    public void AttachTo(HttpRequestMessage request) => request.Properties[Key] = this;

    public static RequestContext Of(HttpRequestMessage request) =>
        request.Properties.TryGetValue(Key, out object? value) && value is RequestContext context
            ? context
            : throw new InvalidOperationException("A request reached the shared stack without the context a ServiceClient attaches.");
#pragma warning restore CS0618
}
