namespace ReleaseCmdlets.Http;

/// <summary>A successful answer, read whole.</summary>
public sealed class ServiceResponse
{
    public ServiceResponse(int statusCode, string body, string? requestId, int attempts)
    {
        StatusCode = statusCode;
        Body = body;
        RequestId = requestId;
        Attempts = attempts;
    }

    public int StatusCode { get; }

    public string Body { get; }

    public string? RequestId { get; }

    /// <summary>How many times the request was sent; above one, an earlier attempt may have landed.</summary>
    public int Attempts { get; }
}
