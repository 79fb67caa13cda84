using System.Linq;
using ReleaseCmdlets.CloudFoundry;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>The deployments part of the Cloud Foundry v3 API, as the cf CLI uses it.</summary>
public sealed partial class CloudFoundryClient : ServiceClient
{
    private const string BearerPrefix = "bearer ";
    private const string InvalidAuthToken = "CF-InvalidAuthToken";

    /// <summary>As many apps as one page of /v3/apps may hold; the ambiguity check reads every page.</summary>
    private const int AppsPerPage = 5000;
    private readonly CfCredential credential;
    private readonly SecretHeader authorization = new(BearerHeader, "Cloud Foundry access token");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> warned = new();

    /// <summary>A client for the API at <paramref name="apiUrl"/>; the token may carry the "bearer " prefix or not.</summary>
    public CloudFoundryClient(Uri apiUrl, CfCredential credential, RequestSettings settings)
        : base(apiUrl, settings)
    {
        this.credential = credential;
    }

    protected override ServiceDescription Service => CloudFoundryService.Description;

    /// <summary>
    /// Cancels the deployment and reads it back (the cancel itself answers 200 with an empty body). A 422 for a
    /// deployment that is already canceling or canceled is not a failure: the deployment is returned as it is.
    /// </summary>
    public Task<CloudFoundryDeployment> CancelDeploymentAsync(Guid deploymentGuid, string? appName, CancellationToken cancellationToken) =>
        new DeploymentCancel(this, deploymentGuid, appName).RunAsync(cancellationToken);

    public async Task<CloudFoundryDeployment> GetDeploymentAsync(Guid deploymentGuid, string? appName, CancellationToken cancellationToken)
    {
        ServiceResponse response = await SendAsync(HttpMethod.Get, $"v3/deployments/{deploymentGuid:D}", null, cancellationToken).ConfigureAwait(false);
        return ReadJson(response, CloudFoundryJsonContext.Default.DeploymentDto).ToDeployment(appName);
    }

    /// <summary>
    /// A listing of deployments, newest first, filtered by status value (ACTIVE, FINALIZED) and, when given, by app: read
    /// page by page with <see cref="DeploymentPages.NextAsync"/>. Pages are keyed by time, not numbered, so that
    /// deployments cancelled or started while it is read are neither skipped nor repeated. With <paramref name="nameApps"/>
    /// each page's apps and spaces are named, with one request more a page.
    /// </summary>
    public DeploymentPages ListDeployments(IReadOnlyCollection<Guid>? appGuids, IReadOnlyCollection<string> statusValues, bool nameApps = false) =>
        new(this, appGuids, statusValues, nameApps);

    /// <summary>The app's latest ACTIVE deployment, found exactly as <c>cf cancel-deployment</c> finds it; null when none.</summary>
    public async Task<CloudFoundryDeployment?> FindLatestActiveDeploymentAsync(Guid appGuid, string? appName, CancellationToken cancellationToken)
    {
        ServiceResponse response = await SendAsync(
            HttpMethod.Get,
            $"v3/deployments?app_guids={appGuid:D}&status_values=ACTIVE&order_by=-created_at&per_page=1&page=1",
            null,
            cancellationToken).ConfigureAwait(false);
        DeploymentDto? latest = ReadJson(response, CloudFoundryJsonContext.Default.ListDtoDeploymentDto).Resources?.FirstOrDefault();
        if (latest is not null
            && (!string.Equals(latest.Relationships?.App?.Data?.Guid, appGuid.ToString("D"), StringComparison.OrdinalIgnoreCase) || latest.Status?.Value != "ACTIVE"))
        {
            throw ServiceException.UnexpectedAnswer(
                $"Cloud Foundry answered the lookup of app {appName ?? appGuid.ToString("D")}'s ACTIVE deployment with deployment {latest.Guid} " +
                $"(app {latest.Relationships?.App?.Data?.Guid}, {latest.Status?.Value}), which is not what was asked for; nothing was cancelled.",
                errorId: CloudFoundryErrorIds.NameMismatch);
        }

        return latest?.ToDeployment(appName);
    }

    /// <summary>Cancels the app's latest ACTIVE deployment; none is a not-found failure and nothing is cancelled.</summary>
    public async Task<CloudFoundryDeployment> CancelLatestActiveDeploymentAsync(Guid appGuid, string? appName, CancellationToken cancellationToken)
    {
        CloudFoundryDeployment latest = await FindLatestActiveDeploymentAsync(appGuid, appName, cancellationToken).ConfigureAwait(false)
            ?? throw ServiceException.NothingToCancel(ServiceErrorKind.NotFound, $"No active deployment found for app {appName ?? appGuid.ToString()}.", CloudFoundryErrorIds.NoActiveDeployment);
        return await CancelDeploymentAsync(latest.DeploymentGuid, appName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls the deployment until it is FINALIZED (see <see cref="FinalStateWait"/>); the rollback goes on regardless of a timeout.</summary>
    /// <remarks>Each poll takes its turn in the request budget that paces the cancels (Cloud Controller's rate limit).</remarks>
    public Task<CloudFoundryDeployment> WaitUntilFinalAsync(CloudFoundryDeployment deployment, WaitOptions options, CancellationToken cancellationToken) =>
        FinalStateWait.UntilFinalAsync(
            deployment,
            $"Cloud Foundry deployment {deployment.DeploymentGuid:D}",
            (current, token) => GetDeploymentAsync(current.DeploymentGuid, current.AppName, token),
            options,
            Settings.Clock,
            cancellationToken);

    /// <summary>The guid of the app with this name (in the space, when given), as <c>cf</c> resolves app names.</summary>
    public async Task<Guid> FindAppAsync(string name, Guid? spaceGuid, CancellationToken cancellationToken)
    {
        string space = spaceGuid is Guid guid ? $"&space_guids={guid:D}" : "";
        var apps = new List<AppDto>();
        ServiceResponse response;
        int pages = 1;
        for (int page = 1; page <= pages; page++)
        {
            response = await SendListingAsync(HttpMethod.Get, $"v3/apps?names={NameFilter(name)}{space}&per_page={AppsPerPage}&page={page}", cancellationToken).ConfigureAwait(false);
            ListDto<AppDto> list = ReadJson(response, CloudFoundryJsonContext.Default.ListDtoAppDto);
            apps.AddRange(list.Resources ?? Array.Empty<AppDto>());
            pages = list.Pagination?.Next?.Href is null ? page : Math.Max(list.Pagination.TotalPages ?? page + 1, page + 1);
        }

        string where = spaceGuid is Guid inSpace ? $" in space {inSpace:D}" : "";
        RefuseOtherApps(apps, name, spaceGuid);
        return apps.Count switch
        {
            0 => throw ServiceException.Refused(ServiceErrorKind.NotFound, $"App '{name}' not found{where}.", CloudFoundryErrorIds.AppNotFound),
            1 when Guid.TryParse(apps[0].Guid, out Guid appGuid) => appGuid,
            1 => throw ServiceException.UnexpectedAnswer($"Cloud Foundry listed app '{name}' without a valid guid."),
            _ => throw ServiceException.Refused(ServiceErrorKind.BadRequest, $"{apps.Count} apps are named '{name}'{where}; pass -SpaceGuid or -AppGuid.", CloudFoundryErrorIds.AmbiguousAppName),
        };
    }

    /// <summary>
    /// Only what was asked for: an answer listing an app of another name or space (a server or proxy that ignored the
    /// filter) is refused whole, since which of its apps was meant cannot be known.
    /// </summary>
    private static void RefuseOtherApps(List<AppDto> apps, string name, Guid? spaceGuid)
    {
        foreach (AppDto app in apps)
        {
            bool otherSpace = spaceGuid is Guid space && !string.Equals(app.Relationships?.Space?.Data?.Guid, space.ToString("D"), StringComparison.OrdinalIgnoreCase);
            if (!string.Equals(app.Name, name, StringComparison.Ordinal) || otherSpace)
            {
                throw ServiceException.UnexpectedAnswer(
                    $"Cloud Foundry answered the lookup of app '{name}' with app '{app.Name}'{(otherSpace ? $" of space {app.Relationships?.Space?.Data?.Guid}" : "")}, which is not what was asked for; nothing was cancelled.",
                    errorId: CloudFoundryErrorIds.NameMismatch);
            }
        }
    }

    /// <summary>
    /// One value of a names= filter, so that Cloud Controller decodes it to exactly this name. It splits the decoded
    /// filter on commas, then percent-decodes each name once more (cloud_controller_ng app/messages/base_message.rb,
    /// to_array!): so '%' is escaped as %25 and ',' as %2C (as the cf CLI does, api/cloudcontroller/ccv3/query.go), '+'
    /// as %2B (older Cloud Controllers decoded with CGI.unescape, which reads '+' as a space), and the whole value is
    /// escaped once more for the query.
    /// </summary>
    internal static string NameFilter(string name) => Uri.EscapeDataString(name.Replace("%", "%25").Replace(",", "%2C").Replace("+", "%2B"));

    /// <summary>The cf CLI's session renews its token per attempt (<see cref="TokenRenewal"/>); a fixed -Token needs no handler.</summary>
    private protected override DelegatingHandler? ServiceHandler() => credential.Renews ? new CredentialRenewalHandler(new TokenRenewal(this)) : null;

    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.TryAddWithoutValidation("Authorization", authorization.For(credential.Current));

    /// <summary>The token with exactly one "bearer " prefix, whether it came with one or not.</summary>
    private static string BearerHeader(string token) => BearerPrefix + BearerToken.WithoutPrefix(token);

    /// <summary>Cloud Foundry sends warnings CGI-escaped and comma-separated in X-Cf-Warnings.</summary>
    protected override void Inspect(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-Cf-Warnings", out var values))
        {
            return;
        }

        foreach (string escaped in values.SelectMany(value => value.Split(',')).Where(part => part.Length > 0))
        {
            // Every answer about the same app repeats its warnings; say each one once per command.
            string warning = Uri.UnescapeDataString(escaped.Replace('+', ' ')).Trim();
            if (warned.TryAdd(warning, true))
            {
                Settings.Log.Warning(warning);
            }
        }
    }

    protected override ServiceException ReadError(int statusCode, string body, string? requestId)
    {
        ErrorDto? error = ErrorBody(body, CloudFoundryJsonContext.Default.ErrorListDto)?.Errors?.FirstOrDefault();

        string message = error?.Detail ?? (string.IsNullOrWhiteSpace(body) ? $"Cloud Foundry answered {statusCode}." : Excerpt(body));
        if (statusCode == 401)
        {
            message = Sentences.Join(message, "The token is missing, invalid or expired: run 'cf login' again, or pass a fresh -Token (cf oauth-token).");
        }

        string? code = error is null ? null : $"{error.Title} {error.Code}".Trim();
        return ServiceException.Answered(statusCode, message, code, requestId);
    }
}
