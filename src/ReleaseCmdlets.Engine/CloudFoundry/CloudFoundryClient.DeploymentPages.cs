using System.Globalization;
using System.Linq;
using ReleaseCmdlets.CloudFoundry;

namespace ReleaseCmdlets.Engine.CloudFoundry;

public sealed partial class CloudFoundryClient
{
    /// <summary>The most guids one filter carries, as the cf CLI sends them (util/batcher/batcher.go, BatchSize): a longer list fails on URL length.</summary>
    public const int GuidsPerQuery = 200;

    /// <summary>The distinct guids in batches of <see cref="GuidsPerQuery"/>, in the order given: one listing each.</summary>
    public static IEnumerable<Guid[]> GuidBatches(IEnumerable<Guid> guids)
    {
        Guid[] distinct = guids.Distinct().ToArray();
        for (int start = 0; start < distinct.Length; start += GuidsPerQuery)
        {
            yield return distinct.Skip(start).Take(GuidsPerQuery).ToArray();
        }
    }

    /// <summary>
    /// Keyset paging of GET /v3/deployments, newest first (order_by=-created_at, then guid: Cloud Controller's
    /// lib/cloud_controller/paging/sequel_paginator.rb). Numbered pages over a set that changes while it is read skip
    /// deployments (a cancel that finalizes one moves every later one a place forward) and repeat others (a new one moves
    /// them back), and <c>Get-CfDeployment | Stop-CfDeployment</c> changes exactly that set. So each page after the first
    /// asks for what was created no later than the second of the oldest deployment read so far (created_ats[lte], which
    /// Cloud Controller extends to the end of that second: app/fetchers/base_list_fetcher.rb), and leaves out the
    /// deployments of that second already written.
    /// </summary>
    public sealed class DeploymentPages
    {
        /// <summary>The first pages are small, so that the first deployments are written early.</summary>
        private const int FirstPagesSize = 50;
        private const int FirstPages = 4;
        private const int PageSize = 200;

        /// <summary>Cloud Controller's largest page: asked for when one second holds a whole page of deployments.</summary>
        private const int LargestPage = 5000;

        private readonly CloudFoundryClient client;
        private readonly string filters;
        private readonly IReadOnlyCollection<string> statusValues;
        private readonly HashSet<string>? wantedApps;
        private readonly HashSet<string> writtenAtBoundary = new(StringComparer.OrdinalIgnoreCase);
        private bool nameApps;
        private DateTimeOffset? boundary;
        private int requested;
        private bool widen;

        internal DeploymentPages(CloudFoundryClient client, IReadOnlyCollection<Guid>? appGuids, IReadOnlyCollection<string> statusValues, bool nameApps)
        {
            this.client = client;
            this.nameApps = nameApps;
            this.statusValues = statusValues;
            string apps = appGuids is { Count: > 0 } ? "&app_guids=" + string.Join(",", appGuids.Select(guid => guid.ToString("D"))) : "";
            filters = $"status_values={string.Join(",", statusValues)}{apps}";
            wantedApps = appGuids is { Count: > 0 } ? new HashSet<string>(appGuids.Select(guid => guid.ToString("D")), StringComparer.OrdinalIgnoreCase) : null;
        }

        /// <summary>
        /// The next page: the deployments not written yet that match what was asked, how many the service listed that do
        /// not (left out and counted), and whether more follow.
        /// </summary>
        public async Task<ListingPage<CloudFoundryDeployment>> NextAsync(CancellationToken cancellationToken)
        {
            requested++;
            int perPage = widen ? LargestPage : requested <= FirstPages ? FirstPagesSize : PageSize;
            string since = boundary is DateTimeOffset at ? "&created_ats%5Blte%5D=" + at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
            ServiceResponse response = await client.SendListingAsync(
                HttpMethod.Get, $"v3/deployments?{filters}{since}&order_by=-created_at&per_page={perPage}", cancellationToken).ConfigureAwait(false);
            ListDto<DeploymentDto> list = client.ReadJson(response, CloudFoundryJsonContext.Default.ListDtoDeploymentDto);
            DeploymentDto[] listed = list.Resources ?? Array.Empty<DeploymentDto>();

            DeploymentDto[] unwritten = listed.Where(NotWrittenYet).ToArray();
            bool more = listed.Length > 0 && (list.Pagination?.Next?.Href is not null || list.Pagination?.TotalPages > 1);
            if (more)
            {
                MoveBoundary(listed, perPage, unwritten.Length);
            }

            var matching = unwritten
                .Where(d => statusValues.Contains(d.Status?.Value ?? "") && (wantedApps is null || wantedApps.Contains(d.Relationships?.App?.Data?.Guid ?? "")))
                .Select(d => d.ToDeployment(null))
                .ToList();
            if (nameApps)
            {
                nameApps = await client.NameAppsAsync(matching, cancellationToken).ConfigureAwait(false);
            }

            return new ListingPage<CloudFoundryDeployment>(matching, unwritten.Length - matching.Count, more);
        }

        private bool NotWrittenYet(DeploymentDto deployment) =>
            boundary is not DateTimeOffset at || CreatedAt(deployment) != at || !writtenAtBoundary.Contains(deployment.Guid ?? "");

        /// <summary>The second of the oldest deployment on this page becomes the next page's bound; the ones of that second are remembered.</summary>
        private void MoveBoundary(DeploymentDto[] listed, int perPage, int unwritten)
        {
            DateTimeOffset oldest = CreatedAt(listed[listed.Length - 1])
                ?? throw client.Unpageable("a deployment without created_at");
            if (oldest != boundary)
            {
                boundary = oldest;
                writtenAtBoundary.Clear();
            }
            else if (unwritten == 0)
            {
                // A whole page of one second, all written: only a larger page can reach past it.
                widen = perPage < LargestPage ? true : throw client.Unpageable($"more than {LargestPage} deployments created within one second");
            }

            foreach (DeploymentDto deployment in listed)
            {
                if (CreatedAt(deployment) == oldest)
                {
                    writtenAtBoundary.Add(deployment.Guid ?? "");
                }
            }
        }

        /// <summary>created_at to the second (Cloud Controller writes whole seconds; its filters compare whole seconds).</summary>
        private static DateTimeOffset? CreatedAt(DeploymentDto deployment)
        {
            if (!DateTimeOffset.TryParse(deployment.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
            {
                return null;
            }

            return at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>
    /// Names the apps (and their spaces) of a page of deployments with one more request a page: GET /v3/apps with
    /// guids= (a filter every list message takes: app/messages/list_message.rb, COMMON_FILTERING_KEYS) and include=space
    /// (app/messages/apps_list_message.rb). The names are for people: a lookup that fails leaves them empty, with a
    /// warning, and the listing goes on without them (false).
    /// </summary>
    private async Task<bool> NameAppsAsync(IReadOnlyList<CloudFoundryDeployment> deployments, CancellationToken cancellationToken)
    {
        foreach (Guid[] batch in GuidBatches(deployments.Select(d => d.AppGuid).OfType<Guid>()))
        {
            ListDto<AppDto> apps;
            try
            {
                ServiceResponse response = await SendListingAsync(
                    HttpMethod.Get, $"v3/apps?guids={string.Join(",", batch.Select(guid => guid.ToString("D")))}&include=space&per_page={batch.Length}", cancellationToken).ConfigureAwait(false);
                apps = ReadJson(response, CloudFoundryJsonContext.Default.ListDtoAppDto);
            }
            catch (ServiceException unnamed) when (unnamed.Kind != ServiceErrorKind.Unauthorized)
            {
                Settings.Log.Warning($"The apps of the deployments could not be named ({unnamed.Message}); their guids are shown.");
                return false;
            }

            var spaces = (apps.Included?.Spaces ?? Array.Empty<NamedDto>()).Where(space => space.Guid is not null)
                .GroupBy(space => space.Guid!, StringComparer.OrdinalIgnoreCase).ToDictionary(group => group.Key, group => group.First().Name, StringComparer.OrdinalIgnoreCase);
            var named = (apps.Resources ?? Array.Empty<AppDto>()).Where(app => app.Guid is not null)
                .GroupBy(app => app.Guid!, StringComparer.OrdinalIgnoreCase).ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
            foreach (CloudFoundryDeployment deployment in deployments)
            {
                if (deployment.AppGuid is Guid guid && named.TryGetValue(guid.ToString("D"), out AppDto? app))
                {
                    deployment.AppName = deployment.Name = app.Name;
                    deployment.SpaceName = app.Relationships?.Space?.Data?.Guid is string space && spaces.TryGetValue(space, out string? name) ? name : null;
                }
            }
        }

        return true;
    }

    /// <summary>A listing that cannot be paged without skipping deployments: a failure, never a silent gap.</summary>
    private ServiceException Unpageable(string why) =>
        ServiceException.UnexpectedAnswer($"Cloud Foundry listed {why}; the listing cannot go on without skipping deployments.");
}
