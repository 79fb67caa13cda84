using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// What every service client shares: building requests against a base URL, sending them through the shared stack, and
/// turning transport failures, error statuses and unreadable bodies into <see cref="ServiceException"/>s.
/// A client adds its paths, its authentication header and the reading of its error body.
/// </summary>
public abstract class ServiceClient
{
    private const int MaximumMessageLength = 1000;
    // Each client's chains, made on first use (a subclass's handler needs the subclass built).
    private HttpClient? http;
    private HttpClient? listingHttp;

    // Requests are addressed by appending a relative path to this text: the same URI that new Uri(BaseUrl, path) gives
    // for the relative paths the clients build, at a fraction of the cost of URI resolution per request.
    private readonly string baseAddress;

    protected ServiceClient(Uri baseUrl, RequestSettings settings)
    {
        BaseUrl = baseUrl.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        baseAddress = BaseUrl.AbsoluteUri;
        Settings = settings;
    }

    public Uri BaseUrl { get; }

    protected RequestSettings Settings { get; }

    /// <summary>What the shared stack needs to know of the service (its own folder describes it).</summary>
    protected abstract ServiceDescription Service { get; }

    /// <summary>The product name used in messages, e.g. "BuildMaster".</summary>
    protected string ServiceName => Service.Name;

    protected abstract void Authorize(HttpRequestMessage request);

    /// <summary>Reads the service's error body of a failed answer.</summary>
    protected abstract ServiceException ReadError(int statusCode, string body, string? requestId);

    /// <summary>
    /// A handler of the service's own for each attempt, made anew for each chain of the client (<see cref="ClientPipeline"/>);
    /// null for none. Cloud Foundry renews its token there.
    /// </summary>
    private protected virtual DelegatingHandler? ServiceHandler() => null;

    /// <summary>Called for every answer, success or not (e.g. to surface warning headers).</summary>
    protected virtual void Inspect(HttpResponseMessage response)
    {
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends a request whose answer is small (a cancel, the read of one object) and reads the answer whole.</summary>
    protected Task<ServiceResponse> SendAsync(HttpMethod method, string relativeUrl, HttpContent? content, CancellationToken cancellationToken) =>
        SendReadingAsync(method, relativeUrl, content, Exchange.Single, cancellationToken);

    /// <summary>Sends a request for a listing (an answer that may be large, so it is asked for compressed) and reads the answer whole.</summary>
    protected Task<ServiceResponse> SendListingAsync(HttpMethod method, string relativeUrl, CancellationToken cancellationToken) =>
        SendReadingAsync(method, relativeUrl, null, Exchange.Listing, cancellationToken);

    private async Task<ServiceResponse> SendReadingAsync(HttpMethod method, string relativeUrl, HttpContent? content, Exchange exchange, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendCoreAsync(method, relativeUrl, content, exchange, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);   // buffered, within its bound, by the handler
        return new ServiceResponse((int)response.StatusCode, body, RequestIdOf(response));
    }

    /// <summary>Sends a request whose successful body the caller reads as a stream (and disposes).</summary>
    /// <remarks>An answer that says it is not JSON (a proxy's HTML page, say) is read and refused here, before streaming.</remarks>
    protected async Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, string relativeUrl, HttpContent? content, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await SendCoreAsync(method, relativeUrl, content, Exchange.Streamed, cancellationToken).ConfigureAwait(false);
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return response;
        }

        using (response)
        {
            string body = await BoundedBody.ReadPrefixAsync(response.Content).ConfigureAwait(false);
            throw Unreadable((int)response.StatusCode, body, RequestIdOf(response), null);
        }
    }

    /// <summary>
    /// A streamed body under -TimeoutSec as a limit on the time between two whole elements, and within the bounds of
    /// a streamed listing: <see cref="Limits.StreamedElement"/> between two elements, <see cref="Limits.StreamedListing"/> in all.
    /// </summary>
    internal ElementBoundStream OpenBody(Stream body, CancellationToken cancellationToken) =>
        new(new IdleTimeoutStream(body, Settings.Timeout, Settings.Clock, cancellationToken), Limits.StreamedElement, Limits.StreamedListing, TooLarge);

    internal ServiceException TooLarge(long limit) =>
        ServiceException.UnexpectedAnswer(
            $"{ServiceName} at {BaseUrl.Host} sent an answer larger than {Limits.Describe(limit)}, the most this module reads for such a request; nothing more was read.",
            errorId: ErrorIds.ResponseTooLarge);

    // Transport failures become ServiceExceptions here only: the send (Translated) and a streamed read use these.

    internal ServiceException TimedOut(RequestTimeoutException timeout) =>
        ServiceException.Unanswered(ServiceErrorKind.Timeout, $"{ServiceName} at {BaseUrl.Host}: {timeout.Message}", timeout);

    /// <summary>The connection broke while a streamed answer was read (the listing's <paramref name="what"/>).</summary>
    protected ServiceException BrokeWhileReading(string what, IOException broken) =>
        ServiceException.Unanswered(ServiceErrorKind.ConnectionFailed, $"The connection to {ServiceName} broke while reading {what}: {broken.Message}", broken);

    private ServiceException CertificateRejected(string problem, Exception failure) =>
        ServiceException.Unanswered(
            ServiceErrorKind.CertificateRejected,
            $"The certificate of {ServiceName} at {BaseUrl.Host} was not accepted, so nothing was sent: {problem} If the server's certificate " +
            "comes from a private authority, trust that authority on this machine; for a server you trust, -SkipCertificateCheck accepts any certificate.",
            failure);

    private ServiceException Unreachable(Exception failure, int attempts) =>
        ServiceException.Unanswered(
            ServiceErrorKind.ConnectionFailed,
            $"Could not reach {ServiceName} at {BaseUrl.Host}{(attempts > 1 ? $" after {attempts} attempts" : "")}: {TransportFailure.Describe(failure)}",
            failure);

    protected T ReadJson<T>(ServiceResponse response, JsonTypeInfo<T> typeInfo)
    {
        if (string.IsNullOrWhiteSpace(response.Body))
        {
            throw Unreadable(response.StatusCode, response.Body, response.RequestId, null);
        }

        try
        {
            return JsonSerializer.Deserialize(response.Body, typeInfo) ?? throw Unreadable(response.StatusCode, response.Body, response.RequestId, null);
        }
        catch (JsonException ex)
        {
            throw Unreadable(response.StatusCode, response.Body, response.RequestId, ex);
        }
    }

    /// <summary>A failed answer's body as the service's error JSON, or null when it is not (empty, a proxy's page).</summary>
    protected static T? ErrorBody<T>(string body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected ServiceException Unreadable(int statusCode, string body, string? requestId, Exception? inner) =>
        ServiceException.UnexpectedAnswer(
            $"{ServiceName} answered {statusCode} with a body that is not what its API documents: {Excerpt(body)}",
            statusCode,
            requestId,
            cause: inner);

    /// <summary>
    /// Escapes one path segment so that no value can leave it: '/', '?' and '#' are escaped, and a segment of dots alone
    /// (which URI normalisation would turn into "up one level", even escaped) is refused before any request.
    /// </summary>
    protected static string Segment(string value, string what)
    {
        if (value.Length == 0 || value.Trim('.').Length == 0)
        {
            throw ServiceException.Refused(ServiceErrorKind.BadRequest, $"'{value}' is not a valid {what}.", ErrorIds.InvalidPathValue);
        }

        return Uri.EscapeDataString(value);
    }

    /// <summary>
    /// A body shortened for a message; whitespace folded, HTML pages reduced to a mention. The command's secrets are
    /// masked first, a secret cut off at the body's end included, so that no cut can leave a part of one showing.
    /// </summary>
    protected string Excerpt(string? body)
    {
        body = Settings.MaskSecrets(body ?? "");
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(empty body)";
        }

        string text = string.Join(" ", body!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.StartsWith("<", StringComparison.Ordinal) && text.IndexOf("<html", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return $"an HTML page of {body.Length} characters (a proxy or gateway answered, not the API)";
        }

        return text.Length <= MaximumMessageLength ? text : text.Substring(0, MaximumMessageLength) + $"… ({text.Length - MaximumMessageLength} more characters)";
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method, string relativeUrl, HttpContent? content, Exchange exchange, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress + relativeUrl, UriKind.Absolute)) { Content = content };
        Authorize(request);
        bool streaming = exchange == Exchange.Streamed;
        HttpClient client = exchange == Exchange.Single
            ? http ??= ClientPipeline.Create(Service, BaseUrl, Settings, compressed: false, ServiceHandler())
            : listingHttp ??= ClientPipeline.Create(Service, BaseUrl, Settings, compressed: true, ServiceHandler());
        new RequestContext(Settings, streaming, exchange == Exchange.Single ? Limits.SingleAnswer : Limits.ListingPage, cancellationToken).AttachTo(request);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(
                request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translated(ex, cancellationToken) is ServiceException failure)
        {
            throw failure;
        }

        string? requestId = RequestIdOf(response);
        if (requestId is not null && Settings.Log.DebugEnabled)
        {
            Settings.Log.Debug($"{ServiceName} request id: {requestId}");
        }

        Inspect(response);
        int status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return response;
        }

        using (response)
        {
            if (status is >= 300 and < 400)
            {
                throw ServiceException.UnexpectedAnswer(
                    $"{ServiceName} redirected the request to {response.Headers.Location}; redirects are not followed so that credentials stay with {BaseUrl.Host}. Pass the final address as -Url.",
                    status,
                    requestId);
            }

            string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            ServiceException error = ReadError(status, body, requestId);
            if (response is not RetriedAnswer retried)
            {
                throw error;
            }

            string message = retried.RefusedWait is TimeSpan wait
                ? $"{Sentences.Ended(error.Message)} {ServiceName} asks to wait {wait.TotalSeconds:0} s before another attempt, longer than the " +
                  $"{Math.Max(0, retried.LeftWhenRefused!.Value.TotalSeconds):0} s left of -TimeoutSec: try again after {Settings.Clock.GetUtcNow() + wait:yyyy-MM-dd HH:mm:ss} UTC, or raise -TimeoutSec."
                : error.Message;
            throw error.With(message, earlierAttemptMayHaveLanded: retried.AttemptMayHaveLanded);
        }
    }

    /// <summary>A failure of the transport or of the chain's limits as the ServiceException it is; null for anything else (Ctrl+C).</summary>
    private ServiceException? Translated(Exception thrown, CancellationToken cancellationToken)
    {
        (Exception failure, int attempts) = thrown is AttemptsFailedException failed ? (failed.InnerException!, failed.Attempts) : (thrown, 1);
        return failure switch
        {
            RequestTimeoutException timeout => TimedOut(timeout),
            ResponseTooLargeException tooLarge => TooLarge(tooLarge.Limit),
            _ when cancellationToken.IsCancellationRequested => null,
            _ when TransportFailure.CertificateProblem(failure) is string problem => CertificateRejected(problem, failure),
            HttpRequestException or IOException or OperationCanceledException => Unreachable(failure, attempts),
            _ => null,
        };
    }

    private string? RequestIdOf(HttpResponseMessage response)
    {
        IReadOnlyList<string> names = Service.RequestIdHeaders;
        for (int i = 0; i < names.Count; i++)
        {
            if (response.Headers.TryGetValues(names[i], out var values) && values.FirstOrDefault() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>What kind of answer a request expects: it decides compression and whether the body is buffered.</summary>
    private enum Exchange
    {
        /// <summary>A small answer, read whole.</summary>
        Single,

        /// <summary>A listing, asked for compressed, read whole.</summary>
        Listing,

        /// <summary>A listing, asked for compressed, whose body the caller streams.</summary>
        Streamed,
    }
}
