namespace ReleaseCmdlets.Engine.Http;

/// <summary>A successful answer, read whole.</summary>
public sealed class ServiceResponse
{
    public ServiceResponse(int statusCode, string body, string? requestId)
    {
        StatusCode = statusCode;
        Body = body;
        RequestId = requestId;
    }

    public int StatusCode { get; }

    public string Body { get; }

    public string? RequestId { get; }
}
