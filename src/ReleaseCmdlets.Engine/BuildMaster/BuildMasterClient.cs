using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ReleaseCmdlets.BuildMaster;

namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>The Release &amp; Build Deployment API of Inedo BuildMaster: Get Releases and Cancel Release.</summary>
public sealed partial class BuildMasterClient : ServiceClient
{
    private const string Canceled = "canceled";
    private readonly Secret apiKey;
    private readonly SecretHeader header = new(key => key, "BuildMaster API key");

    public BuildMasterClient(Uri baseUrl, Secret apiKey, RequestSettings settings)
        : base(baseUrl, settings)
    {
        this.apiKey = apiKey;
    }

    protected override ServiceDescription Service => BuildMasterService.Description;

    /// <summary>
    /// Streams the releases that match, each one as soon as it is read from the response. Each is checked against the
    /// filters sent: one that does not match (an older BuildMaster, a proxy or a server that ignored a filter) is left
    /// out and counted, so that a listing piped into a cancel can never widen.
    /// </summary>
    public ReleaseStream OpenReleases(ReleaseQuery query, CancellationToken cancellationToken) =>
        new(dropped => GetReleasesAsync(query, dropped, cancellationToken).GetAsyncEnumerator(cancellationToken));

    internal async IAsyncEnumerable<BuildMasterRelease> GetReleasesAsync(ReleaseQuery query, Action dropped, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendStreamingAsync(HttpMethod.Post, "api/releases", Body(query.ToKeys()), cancellationToken).ConfigureAwait(false);
        using ElementBoundStream stream = OpenBody(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), cancellationToken);
        IAsyncEnumerator<BuildMasterReleaseDto?> releases = JsonSerializer
            .DeserializeAsyncEnumerable(stream, BuildMasterJsonContext.Default.BuildMasterReleaseDto, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                BuildMasterReleaseDto? dto;
                try
                {
                    if (!await releases.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    dto = releases.Current;
                    stream.NextElement();
                }
                catch (JsonException ex)
                {
                    throw Unreadable((int)response.StatusCode, ex.Message, null, ex);
                }
                catch (RequestTimeoutException ex)
                {
                    throw TimedOut(ex);
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw BrokeWhileReading("releases", ex);
                }

                if (dto is null)
                {
                    continue;
                }

                BuildMasterRelease release = dto.ToRelease();
                if (query.Matches(release))
                {
                    yield return release;
                }
                else
                {
                    dropped();
                }
            }
        }
        finally
        {
            await releases.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The one release the query names, or null. select: the query's keys as the JSON body of Get Releases, made once per cancel for its read-backs. Only a release
    // that matches the query is taken, not merely the first one listed.
    private async Task<BuildMasterRelease?> FindReleaseAsync(ReleaseQuery query, string select, CancellationToken cancellationToken)
    {
        ServiceResponse response = await SendAsync(HttpMethod.Post, "api/releases", Json(select), cancellationToken).ConfigureAwait(false);
        foreach (BuildMasterReleaseDto? dto in ReadJson(response, BuildMasterJsonContext.Default.BuildMasterReleaseDtoArray))
        {
            if (dto?.ToRelease() is BuildMasterRelease release && query.Matches(release))
            {
                return release;
            }
        }

        return null;
    }

    /// <summary>
    /// Cancels the release and reads it back. BuildMaster refuses with a 400 and a line of text for every reason, so a
    /// refusal is explained by reading the release: missing (not found), already canceled (success), deployed (invalid).
    /// </summary>
    public Task<BuildMasterRelease> CancelReleaseAsync(ReleaseSelector selector, string? reason, CancellationToken cancellationToken)
    {
        ReleaseQuery query = selector.ToQuery();
        Dictionary<string, string> keys = query.ToKeys();
        string select = Serialize(keys);
        string cancel = select;
        if (!string.IsNullOrEmpty(reason))
        {
            keys["reason"] = reason!;
            cancel = Serialize(keys);
        }

        return new ReleaseCancel(this, selector, query, select, cancel).RunAsync(cancellationToken);
    }

    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.TryAddWithoutValidation("X-ApiKey", header.For(apiKey));

    protected override ServiceException ReadError(int statusCode, string body, string? requestId)
    {
        string text = Excerpt(body);
        string message = statusCode switch
        {
            403 => "BuildMaster refused the API key (403): it is missing, unknown, or lacks the \"Release & Build Deployment\" permission."
                   + (string.IsNullOrWhiteSpace(body) ? "" : " " + text),
            _ => string.IsNullOrWhiteSpace(body) ? $"BuildMaster answered {statusCode}." : text,
        };
        return ServiceException.Answered(statusCode, message, requestId: requestId);
    }

    private static HttpContent Body(Dictionary<string, string> keys) => Json(Serialize(keys));

    private static string Serialize(Dictionary<string, string> keys) =>
        JsonSerializer.Serialize(keys, BuildMasterJsonContext.Default.DictionaryStringString);
}
