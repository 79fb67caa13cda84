namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The one per-request state of a client's handler chain (<see cref="ClientPipeline"/>), fixed by the ServiceClient
/// before the request is sent: whether its answer is streamed, the most of it that is buffered, the caller's token, and
/// when the request started. Nothing comes back through it: what the attempts found travels with the answer
/// (<see cref="RetriedAnswer"/>) or the exception (<see cref="AttemptsFailedException"/>).
/// </summary>
internal sealed class RequestContext
{
    private const string Key = "ReleaseCmdlets.RequestContext";
    private readonly TimeProvider clock;
    private readonly TimeSpan timeout;
    private readonly long started;

    public RequestContext(RequestSettings settings, bool streaming, long maximumBodyBytes, CancellationToken cancellation)
    {
        clock = settings.Clock;
        timeout = settings.Timeout;
        Streaming = streaming;
        MaximumBodyBytes = maximumBodyBytes;
        Cancellation = cancellation;
        started = clock.GetTimestamp();
    }

    /// <summary>What is left of the request's time limit (-TimeoutSec, its attempts and waits together); null when there is none.</summary>
    public TimeSpan? Left() => timeout == Timeout.InfiniteTimeSpan ? null : timeout - Clock.Since(clock, started);

    /// <summary>
    /// The caller's cancellation (Ctrl+C). It travels here rather than through HttpClient.SendAsync, which would link
    /// a token source of its own to it for every request; the handler links one per attempt anyway.
    /// </summary>
    public CancellationToken Cancellation { get; }

    /// <summary>True when the caller reads the body as a stream, so the handler must not buffer a successful answer.</summary>
    public bool Streaming { get; }

    /// <summary>The most of a successful answer the handler buffers (<see cref="Limits"/>).</summary>
    public long MaximumBodyBytes { get; }

#pragma warning disable CS0618 // HttpRequestMessage.Properties is the only bag both .NET Framework and .NET share.
    public void AttachTo(HttpRequestMessage request) => request.Properties[Key] = this;

    public static RequestContext Of(HttpRequestMessage request) =>
        request.Properties.TryGetValue(Key, out object? value) && value is RequestContext context
            ? context
            : throw new InvalidOperationException("A request reached a client's handler chain without the context a ServiceClient attaches.");
#pragma warning restore CS0618
}
