using System.Linq;
using System.Text.Json;
using ReleaseCmdlets.Cloudflare;

namespace ReleaseCmdlets.Engine.Cloudflare;

/// <summary>Cloudflare Workers Builds (v4 API): cancel a build, read a build. Every answer is the v4 envelope.</summary>
public sealed partial class CloudflareClient : ServiceClient
{
    public static readonly Uri DefaultUrl = new("https://api.cloudflare.com/client/v4/");

    /// <summary>The listing allows 1 to 200 per page (per_page of "List builds by script", developers.cloudflare.com).</summary>
    private const int BuildsPerPage = 100;
    private readonly CloudflareCredential credential;

    public CloudflareClient(Uri baseUrl, CloudflareCredential credential, RequestSettings settings)
        : base(baseUrl, settings)
    {
        this.credential = credential;
    }

    protected override ServiceDescription Service => CloudflareService.Description;

    /// <summary>
    /// Cancels a queued or running build and returns it from the answer's result (CanceledBuildResponse). Its members
    /// are all optional: an answer without build_outcome is followed by a read of the build. A build that has already
    /// stopped as cancelled is returned as it is; one that stopped otherwise is an invalid operation. What Cloudflare
    /// answers to a cancel of a stopped build is not documented (the schema lists 200, 401 and 404), so every refusal
    /// short of a credential or rate problem (400, 404, 409, 422) is explained by reading the build: the build itself
    /// decides, not the refusal's status.
    /// </summary>
    public Task<CloudflareBuild> CancelBuildAsync(string accountId, Guid buildUuid, CancellationToken cancellationToken) =>
        new BuildCancel(this, accountId, buildUuid).RunAsync(cancellationToken);

    /// <summary>
    /// The Worker's builds still queued, initializing or running (only those of <paramref name="branch"/> when given),
    /// in the listing's order: the Worker's tag from its scripts (builds key on the tag, external_script_id, "not the
    /// Worker name"), then every page of its builds. An unknown Worker, or one with nothing running, is a not-found
    /// failure of its own.
    /// </summary>
    public async Task<IReadOnlyList<CloudflareBuild>> FindRunningBuildsAsync(string accountId, string workerName, string? branch, CancellationToken cancellationToken)
    {
        string tag = await FindWorkerTagAsync(accountId, workerName, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CloudflareBuild> running = await ReadBuildsAsync(accountId, new CloudflareWorker(workerName, tag), branch, Running, cancellationToken).ConfigureAwait(false);
        if (running.Count == 0)
        {
            string on = branch is null ? "" : $" on branch '{branch}'";
            throw ServiceException.NothingToCancel(
                ServiceErrorKind.NotFound, $"Worker '{workerName}' has no build queued, initializing or running{on}; nothing was cancelled.", CloudflareErrorIds.NoBuildInProgress);
        }

        return running;
    }

    /// <summary>The statuses of a build not yet stopped.</summary>
    public static readonly IReadOnlyCollection<string> Running = new[] { "queued", "initializing", "running" };

    /// <summary>
    /// A Worker's builds (by its tag, see <see cref="FindWorkerTagAsync"/>), newest first, keeping those with one of
    /// <paramref name="statuses"/> (of <paramref name="branch"/> when given): Workers Builds filters neither. Read page by
    /// page with <see cref="BuildPages.NextAsync"/>, each build once.
    /// </summary>
    public BuildPages ListBuilds(string accountId, string tag, string? branch, IReadOnlyCollection<string> statuses) =>
        new(this, accountId, tag, branch, statuses);

    /// <summary>Every page of a Worker's builds (<see cref="ListBuilds"/>) at once, each build naming its Worker.</summary>
    public async Task<IReadOnlyList<CloudflareBuild>> ReadBuildsAsync(string accountId, CloudflareWorker worker, string? branch, IReadOnlyCollection<string> statuses, CancellationToken cancellationToken)
    {
        var found = new List<CloudflareBuild>();
        BuildPages pages = ListBuilds(accountId, worker.Tag, branch, statuses);
        while (true)
        {
            ListingPage<CloudflareBuild> builds = await pages.NextAsync(cancellationToken).ConfigureAwait(false);
            found.AddRange(builds.Items);
            if (!builds.HasMore)
            {
                break;
            }
        }

        foreach (CloudflareBuild build in found)
        {
            build.Worker = worker.Name;
        }

        return found;
    }

    /// <summary>Cancels a build found by <see cref="FindRunningBuildsAsync"/>, keeping what the listing said of it.</summary>
    public async Task<CloudflareBuild> CancelListedBuildAsync(CloudflareBuild listed, CancellationToken cancellationToken) =>
        (await CancelBuildAsync(listed.AccountId, listed.BuildUuid, cancellationToken).ConfigureAwait(false)).WithDetailsOf(listed);

    /// <summary>The Worker's tag from the account's scripts (<see cref="ListWorkersAsync"/>).</summary>
    public async Task<string> FindWorkerTagAsync(string accountId, string workerName, CancellationToken cancellationToken)
    {
        IReadOnlyList<CloudflareWorker> workers = await ListWorkersAsync(accountId, $"Finding Worker '{workerName}' by name", "or pass -BuildUuid, which needs Workers CI Write alone", cancellationToken).ConfigureAwait(false);
        return workers.FirstOrDefault(worker => string.Equals(worker.Name, workerName, StringComparison.Ordinal))?.Tag
            ?? throw ServiceException.Refused(ServiceErrorKind.NotFound, $"Cloudflare account {accountId} has no Worker named '{workerName}'.", CloudflareErrorIds.WorkerNotFound);
    }

    /// <summary>
    /// Every Worker of the account with its tag, from one request (the scripts listing is not paged: cloudflare-go
    /// reads it as a single page). That listing needs Workers Scripts Read (or Workers Scripts Write, or Workers Tail
    /// Read), which a token made for Workers Builds alone lacks: a refusal says so, and what else would do.
    /// </summary>
    public async Task<IReadOnlyList<CloudflareWorker>> ListWorkersAsync(string accountId, string purpose, string alternative, CancellationToken cancellationToken)
    {
        ServiceResponse response;
        try
        {
            response = await SendListingAsync(HttpMethod.Get, $"accounts/{Segment(accountId, "account id")}/workers/scripts", cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceException refused) when (refused.Kind == ServiceErrorKind.Forbidden)
        {
            throw refused.With(
                Sentences.Join(refused.Message, $"{purpose} lists the account's Workers scripts, which needs the permission Workers Scripts Read (or Workers Scripts Write) besides Workers CI Write; {alternative}."),
                innerException: refused);
        }

        return (ReadEnvelope(response, CloudflareJsonContext.Default.ScriptListEnvelopeDto).Result ?? Array.Empty<ScriptDto>())
            .Where(script => !string.IsNullOrEmpty(script.Id) && !string.IsNullOrEmpty(script.Tag))
            .Select(script => new CloudflareWorker(script.Id!, script.Tag!))
            .ToList();
    }

    public async Task<CloudflareBuild> GetBuildAsync(string accountId, Guid buildUuid, CancellationToken cancellationToken)
    {
        ServiceResponse response = await SendAsync(HttpMethod.Get, BuildPath(accountId, buildUuid), null, cancellationToken).ConfigureAwait(false);
        return Read(response, accountId);
    }

    protected override void Authorize(HttpRequestMessage request) => credential.ApplyTo(request);

    protected override ServiceException ReadError(int statusCode, string body, string? requestId)
    {
        ErrorEnvelopeDto? envelope = ErrorBody(body, CloudflareJsonContext.Default.ErrorEnvelopeDto);

        return Failure(statusCode, envelope, body, requestId);
    }

    private static string BuildPath(string accountId, Guid buildUuid) =>
        $"accounts/{Segment(accountId, "account id")}/builds/builds/{buildUuid:D}";

    /// <summary>Reads the envelope: <c>success: false</c> is a failure even on a 2xx answer.</summary>
    private T ReadEnvelope<T>(ServiceResponse response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : ErrorEnvelopeDto
    {
        T envelope = ReadJson(response, typeInfo);
        return envelope.Success == true ? envelope : throw Failure(response.StatusCode, envelope, response.Body, response.RequestId);
    }

    private CloudflareBuild Read(ServiceResponse response, string accountId)
    {
        BuildEnvelopeDto envelope = ReadEnvelope(response, CloudflareJsonContext.Default.BuildEnvelopeDto);
        return envelope.Result is null
            ? throw Unreadable(response.StatusCode, response.Body, response.RequestId, null)
            : envelope.Result.ToBuild(accountId);
    }

    private ServiceException Failure(int statusCode, ErrorEnvelopeDto? envelope, string body, string? requestId)
    {
        CloudflareErrorDto[] errors = envelope?.Errors ?? Array.Empty<CloudflareErrorDto>();
        var lines = errors.Select(Describe).Concat(Messages(envelope)).Where(line => line.Length > 0).ToList();
        string message = lines.Count > 0
            ? string.Join("; ", lines)
            : string.IsNullOrWhiteSpace(body) ? $"Cloudflare answered {statusCode}." : Excerpt(body);
        int? code = errors.FirstOrDefault()?.Code;
        // The HTTP status decides, as Cloudflare documents its codes per status: 10000 "Authentication error" comes
        // with a 403 (or a 401), and on a 5xx it means nothing of the credential. Only an answer whose status says
        // nothing (a 2xx with success:false, a 400) is read by its code: 12000 is "Not found".
        ServiceErrorKind kind = (code, statusCode) switch
        {
            (_, 401) => ServiceErrorKind.Unauthorized,
            (_, 403) => ServiceErrorKind.Forbidden,
            (12000, >= 200 and < 300 or 400 or 404) => ServiceErrorKind.NotFound,
            (_, >= 200 and < 300) => ServiceErrorKind.InvalidOperation,
            _ => ServiceException.KindFromStatus(statusCode),
        };
        return ServiceException.Answered(statusCode, message, code?.ToString(System.Globalization.CultureInfo.InvariantCulture), requestId, kind);
    }

    private static string Describe(CloudflareErrorDto error)
    {
        string text = error.Message ?? "";
        var chain = (error.ErrorChain ?? Array.Empty<CloudflareErrorDto>()).Select(link => link.Message).Where(m => !string.IsNullOrEmpty(m)).ToList();
        return chain.Count == 0 ? text : $"{text}: {string.Join(": ", chain)}";
    }

    private static IEnumerable<string> Messages(ErrorEnvelopeDto? envelope)
    {
        if (envelope is null || envelope.Messages.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (JsonElement item in envelope.Messages.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                yield return item.GetString() ?? "";
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("message", out JsonElement text) && text.ValueKind == JsonValueKind.String)
            {
                yield return text.GetString() ?? "";
            }
        }
    }
}
