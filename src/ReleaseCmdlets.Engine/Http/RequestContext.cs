using System;
using System.Net.Http;
using System.Threading;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>What travels with one request through the shared handler chain (settings in, attempt count out).</summary>
internal sealed class RequestContext
{
    private const string Key = "ReleaseCmdlets.RequestContext";

    public RequestContext(RequestSettings settings, RetryPolicy policy, bool streaming, long maximumBodyBytes = Limits.SingleAnswer)
    {
        Settings = settings;
        Policy = policy;
        Streaming = streaming;
        MaximumBodyBytes = maximumBodyBytes;
    }

    public RequestSettings Settings { get; }

    /// <summary>
    /// The caller's cancellation (Ctrl+C). It travels here rather than through HttpClient.SendAsync, which would link
    /// a token source of its own to it for every request; the handler links one per attempt anyway.
    /// </summary>
    public CancellationToken Cancellation { get; set; }

    public RetryPolicy Policy { get; }

    /// <summary>The request quota this request counts against; null for a service without one.</summary>
    public RequestBudget? Budget { get; set; }

    /// <summary>A wait the service asked for that is longer than the request had left: the answer is final, and says when to try again.</summary>
    public TimeSpan? RefusedWait { get; set; }

    public TimeSpan? LeftWhenRefused { get; set; }

    /// <summary>True when the caller reads the body as a stream, so the handler must not buffer a successful answer.</summary>
    public bool Streaming { get; }

    /// <summary>The most of a successful answer the handler buffers (<see cref="Limits"/>).</summary>
    public long MaximumBodyBytes { get; }

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; set; }

    /// <summary>An attempt was sent and then lost its connection before an answer: the service may have acted on it.</summary>
    public bool AttemptMayHaveLanded { get; set; }

#pragma warning disable CS0618 // HttpRequestMessage.Properties is the only bag both .NET Framework and .NET share.
    public void AttachTo(HttpRequestMessage request) => request.Properties[Key] = this;

    public static RequestContext Of(HttpRequestMessage request) =>
        request.Properties.TryGetValue(Key, out object? value) && value is RequestContext context
            ? context
            : throw new InvalidOperationException("A request reached the shared stack without the context a ServiceClient attaches.");
#pragma warning restore CS0618
}
