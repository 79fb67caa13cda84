namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The final answer of a request as the <see cref="RetryHandler"/> returns it when its attempts left a fact the client
/// must tell: an earlier attempt may have reached the service, or the wait the service asked for was refused. The
/// service's answer moves into it whole (status, headers, buffered body).
/// </summary>
internal sealed class RetriedAnswer : HttpResponseMessage
{
    public RetriedAnswer(HttpResponseMessage answer, bool attemptMayHaveLanded, TimeSpan? refusedWait, TimeSpan? leftWhenRefused)
        : base(answer.StatusCode)
    {
        Version = answer.Version;
        ReasonPhrase = answer.ReasonPhrase;
        RequestMessage = answer.RequestMessage;
        foreach (var header in answer.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        Content = answer.Content;   // disposed with this answer; the service's own message holds nothing else
        AttemptMayHaveLanded = attemptMayHaveLanded;
        RefusedWait = refusedWait;
        LeftWhenRefused = leftWhenRefused;
    }

    /// <summary>An attempt was sent and then lost its connection before an answer: the service may have acted on it.</summary>
    public bool AttemptMayHaveLanded { get; }

    /// <summary>A wait the service asked for that is longer than the request had left: the answer is final, and says when to try again.</summary>
    public TimeSpan? RefusedWait { get; }

    /// <summary>What was left of -TimeoutSec when that wait was refused.</summary>
    public TimeSpan? LeftWhenRefused { get; }
}
