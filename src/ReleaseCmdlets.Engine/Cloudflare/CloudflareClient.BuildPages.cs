using System.Linq;
using ReleaseCmdlets.Cloudflare;

namespace ReleaseCmdlets.Engine.Cloudflare;

public sealed partial class CloudflareClient
{
    /// <summary>
    /// The numbered pages of GET /accounts/{account}/builds/workers/{tag}/builds. The listing keeps stopped builds (a
    /// cancel does not take one out), but a build started while it is read moves every older one a place back, so the
    /// next page starts with one already read: each build is written once, by its uuid.
    /// </summary>
    public sealed class BuildPages
    {
        private readonly CloudflareClient client;
        private readonly string accountId;
        private readonly string path;
        private readonly string? branch;
        private readonly IReadOnlyCollection<string> statuses;
        private readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);
        private int page;

        internal BuildPages(CloudflareClient client, string accountId, string tag, string? branch, IReadOnlyCollection<string> statuses)
        {
            this.client = client;
            this.accountId = accountId;
            this.branch = branch;
            this.statuses = statuses;
            path = $"accounts/{Segment(accountId, "account id")}/builds/workers/{Segment(tag, "Worker tag")}/builds";
        }

        /// <summary>The next page's builds not read before that match what was asked, and whether more follow.</summary>
        public async Task<ListingPage<CloudflareBuild>> NextAsync(CancellationToken cancellationToken)
        {
            page++;
            ServiceResponse response = await client.SendListingAsync(
                HttpMethod.Get, $"{path}?page={page}&per_page={BuildsPerPage}", cancellationToken).ConfigureAwait(false);
            BuildListEnvelopeDto list = client.ReadEnvelope(response, CloudflareJsonContext.Default.BuildListEnvelopeDto);
            BuildDto[] builds = list.Result ?? Array.Empty<BuildDto>();
            var kept = builds
                .Where(build => read.Add(build.BuildUuid ?? ""))
                .Where(build => build.Status is string status && statuses.Contains(status) && (status == "stopped" || build.BuildOutcome is null))
                .Where(build => branch is null || string.Equals(build.TriggerMetadata?.Branch, branch, StringComparison.Ordinal))
                .Select(build => build.ToBuild(accountId))
                .ToList();
            bool more = builds.Length > 0 && page < (list.ResultInfo?.TotalPages ?? page);
            return new ListingPage<CloudflareBuild>(kept, 0, more);
        }
    }
}
