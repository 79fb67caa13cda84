using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ReleaseCmdlets.Http;

namespace ReleaseCmdlets.CloudFoundry;

/// <summary>The deployments part of the Cloud Foundry v3 API, as the cf CLI uses it.</summary>
public sealed class CloudFoundryClient : ServiceClient
{
    private const string BearerPrefix = "bearer ";
    private readonly Secret token;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> warned = new();

    /// <summary>A client for the API at <paramref name="apiUrl"/>; the token may carry the "bearer " prefix or not.</summary>
    public CloudFoundryClient(Uri apiUrl, Secret token, RequestSettings settings)
        : base(apiUrl, settings)
    {
        this.token = token;
    }

    protected override string ServiceName => "Cloud Foundry";

    protected override RetryPolicy RetryPolicy => RetryPolicy.CloudFoundry;

    /// <summary>
    /// Cancels the deployment and reads it back (the cancel itself answers 200 with an empty body). A 422 for a
    /// deployment that is already canceling or canceled is not a failure: the deployment is returned as it is.
    /// </summary>
    public Task<CloudFoundryDeployment> CancelDeploymentAsync(Guid deploymentGuid, string? appName, CancellationToken cancellationToken) =>
        new CancelProtocol<CloudFoundryDeployment>
        {
            What = $"Cloud Foundry deployment {deploymentGuid:D}",
            Cancel = async token =>
            {
                await SendAsync(HttpMethod.Post, $"v3/deployments/{deploymentGuid:D}/actions/cancel", null, token).ConfigureAwait(false);
                return null;
            },
            IsRefusal = refused => refused.StatusCode == 422,
            Read = async token => await GetDeploymentAsync(deploymentGuid, appName, token).ConfigureAwait(false),
            StateOf = deployment => deployment.StatusReason is "CANCELING" or "CANCELED" ? CancelState.Cancelled
                : deployment.IsFinal ? CancelState.FinishedOtherwise
                : CancelState.InProgress,
            AssumedCancelled = () => new DeploymentDto { Guid = deploymentGuid.ToString("D"), Status = new DeploymentStatusDto { Value = "ACTIVE", Reason = "CANCELING" } }
                .ToDeployment(appName),
            Log = Settings.Log,
        }.RunAsync(cancellationToken);

    public async Task<CloudFoundryDeployment> GetDeploymentAsync(Guid deploymentGuid, string? appName, CancellationToken cancellationToken)
    {
        ServiceResponse response = await SendAsync(HttpMethod.Get, $"v3/deployments/{deploymentGuid:D}", null, cancellationToken).ConfigureAwait(false);
        return ReadJson(response, CloudFoundryJsonContext.Default.DeploymentDto).ToDeployment(appName);
    }

    /// <summary>The app's latest ACTIVE deployment, found exactly as <c>cf cancel-deployment</c> finds it; null when none.</summary>
    public async Task<CloudFoundryDeployment?> FindLatestActiveDeploymentAsync(Guid appGuid, string? appName, CancellationToken cancellationToken)
    {
        ServiceResponse response = await SendAsync(
            HttpMethod.Get,
            $"v3/deployments?app_guids={appGuid:D}&status_values=ACTIVE&order_by=-created_at&per_page=1&page=1",
            null,
            cancellationToken).ConfigureAwait(false);
        DeploymentDto? latest = ReadJson(response, CloudFoundryJsonContext.Default.ListDtoDeploymentDto).Resources?.FirstOrDefault();
        return latest?.ToDeployment(appName);
    }

    /// <summary>Cancels the app's latest ACTIVE deployment; none is a not-found failure and nothing is cancelled.</summary>
    public async Task<CloudFoundryDeployment> CancelLatestActiveDeploymentAsync(Guid appGuid, string? appName, CancellationToken cancellationToken)
    {
        CloudFoundryDeployment latest = await FindLatestActiveDeploymentAsync(appGuid, appName, cancellationToken).ConfigureAwait(false)
            ?? throw new ServiceException(ServiceErrorKind.NotFound, $"No active deployment found for app {appName ?? appGuid.ToString()}.", errorId: ErrorIds.NoActiveDeployment);
        return await CancelDeploymentAsync(latest.DeploymentGuid, appName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls the deployment until it is FINALIZED (see <see cref="FinalStateWait"/>); the rollback goes on regardless of a timeout.</summary>
    public Task<CloudFoundryDeployment> WaitUntilFinalAsync(CloudFoundryDeployment deployment, WaitOptions options, CancellationToken cancellationToken) =>
        FinalStateWait.UntilFinalAsync(
            deployment,
            $"Cloud Foundry deployment {deployment.DeploymentGuid:D}",
            (current, token) => GetDeploymentAsync(current.DeploymentGuid, current.AppName, token),
            options,
            Settings.Log,
            cancellationToken);

    /// <summary>The guid of the app with this name (in the space, when given), as <c>cf</c> resolves app names.</summary>
    public async Task<Guid> FindAppAsync(string name, Guid? spaceGuid, CancellationToken cancellationToken)
    {
        string space = spaceGuid is Guid guid ? $"&space_guids={guid:D}" : "";
        ServiceResponse response = await SendAsync(HttpMethod.Get, $"v3/apps?names={Uri.EscapeDataString(name)}{space}", null, cancellationToken).ConfigureAwait(false);
        AppDto[] apps = ReadJson(response, CloudFoundryJsonContext.Default.ListDtoAppDto).Resources ?? Array.Empty<AppDto>();
        string where = spaceGuid is Guid inSpace ? $" in space {inSpace:D}" : "";
        return apps.Length switch
        {
            0 => throw new ServiceException(ServiceErrorKind.NotFound, $"App '{name}' not found{where}.", errorId: ErrorIds.AppNotFound),
            1 when Guid.TryParse(apps[0].Guid, out Guid appGuid) => appGuid,
            1 => throw Unreadable(response.StatusCode, response.Body, response.RequestId, null),
            _ => throw new ServiceException(ServiceErrorKind.BadRequest, $"{apps.Length} apps are named '{name}'{where}; pass -SpaceGuid or -AppGuid.", errorId: ErrorIds.AmbiguousAppName),
        };
    }

    protected override void Authorize(HttpRequestMessage request)
    {
        string value = token.Reveal().Trim();
        if (value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value.Substring(BearerPrefix.Length).TrimStart();
        }

        request.Headers.TryAddWithoutValidation("Authorization", BearerPrefix + value);
    }

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
        ErrorDto? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, CloudFoundryJsonContext.Default.ErrorListDto)?.Errors?.FirstOrDefault();
        }
        catch (JsonException)
        {
        }

        string message = error?.Detail ?? (string.IsNullOrWhiteSpace(body) ? $"Cloud Foundry answered {statusCode}." : Excerpt(body));
        if (statusCode == 401)
        {
            message += " The token is missing, invalid or expired: run 'cf login' again, or pass a fresh -Token (cf oauth-token).";
        }

        string? code = error is null ? null : $"{error.Title} {error.Code}".Trim();
        return new ServiceException(ServiceException.KindFromStatus(statusCode), message, statusCode, code, requestId);
    }
}
