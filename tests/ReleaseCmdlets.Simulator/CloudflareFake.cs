using System.Globalization;
using System.Text.Json;

namespace ReleaseCmdlets.Simulator;

public sealed class FakeBuild
{
    public Guid BuildUuid { get; set; }
    public string AccountId { get; set; } = CloudflareFake.Account;
    /// <summary>queued, initializing, running or stopped.</summary>
    public string Status { get; set; } = "running";
    public string? Outcome { get; set; }
    public string ScriptTag { get; set; } = "8ee82b3a2c0f42928b8f14dae4a97121";
    public string Branch { get; set; } = "main";
    public DateTime CreatedOn { get; set; } = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    public DateTime? StoppedOn { get; set; }
}

/// <summary>A Worker script: its id is its name; builds key on its tag (external_script_id).</summary>
public sealed class FakeScript
{
    public string AccountId { get; set; } = CloudflareFake.Account;
    public string Id { get; set; } = "";
    public string Tag { get; set; } = "";
}

/// <summary>
/// Cloudflare Workers Builds and the Workers scripts listing, shaped as Cloudflare's schema defines them
/// (tests/Contracts/Cloudflare, checked by the contract tests): the v4 envelope, 12000 for not found, 12005 for a
/// missing token, 10000 for a token without the permission a route needs (each token carries permission groups and each
/// route accepts those the schema's x-api-token-group lists), token and global-key auth, cf-ray on every answer. What
/// Cloudflare answers to a cancel of a stopped build is not documented (the schema lists 200, 401 and 404): the fake
/// answers 404 12000 by default and what a test sets with /_sim/cloudflare/stopped-cancel.
/// </summary>
public sealed partial class CloudflareFake
{
    public const string Account = "023e105f4ecef8ad9ca31a8372d0c353";
    public const string ApiToken = "cf-api-token-sim-Yk3xL9";
    /// <summary>A valid token with Workers CI Read and Workers Scripts Read, without Workers CI Write.</summary>
    public const string ReadOnlyApiToken = "cf-api-token-sim-readonly-Q2w";
    /// <summary>A token made for Workers Builds alone: Workers CI Write, no Workers Scripts permission.</summary>
    public const string CiOnlyApiToken = "cf-api-token-sim-cionly-7Rz";

    public const string CiWrite = "Workers CI Write";
    public const string CiRead = "Workers CI Read";
    public const string ScriptsRead = "Workers Scripts Read";
    public const string ScriptsWrite = "Workers Scripts Write";
    public const string TailRead = "Workers Tail Read";

    /// <summary>The permission groups of each token (the global key has them all).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> TokenGroups = new Dictionary<string, string[]>
    {
        [ApiToken] = new[] { CiWrite, ScriptsRead },
        [ReadOnlyApiToken] = new[] { CiRead, ScriptsRead },
        [CiOnlyApiToken] = new[] { CiWrite },
    };

    /// <summary>What each route accepts, as the schema's x-api-token-group says.</summary>
    public static readonly string[] CancelGroups = { CiWrite };
    public static readonly string[] BuildReadGroups = { CiWrite, CiRead };
    public static readonly string[] ScriptListGroups = { ScriptsWrite, ScriptsRead, TailRead };
    public const string Email = "ops@example.com";
    public const string GlobalKey = "c2547eb745079dac9320b638f5e225cf483cc5cfdda41";

    private readonly object gate = new();
    private List<FakeBuild> builds = new();
    private List<FakeScript> scripts = new();
    private long rays;

    private UserQuota? quota;

    /// <summary>
    /// Cloudflare's rate limits, scaled down for a test: named policies of so many requests per window per user, all
    /// counted at once (1,200 per 5 minutes is "default"); once one is exceeded, every call is refused for that policy's
    /// whole period (429, Retry-After rounded up) (developers.cloudflare.com/fundamentals/api/reference/limits). Every
    /// answer carries Ratelimit (each policy's name, r requests left, t seconds to its reset, rounded up) and
    /// Ratelimit-Policy (each name, q, w), as lists of named items (the IETF draft's structured fields).
    /// </summary>
    public void LimitRate(params (string Name, int Requests, TimeSpan Window)[] policies)
    {
        lock (gate)
        {
            quota = new UserQuota(policies, clock);
        }
    }

    /// <summary>How many requests the rate limit refused since the reset.</summary>
    public int Refused { get; private set; }

    /// <summary>The answer to a cancel of a build that has stopped: status and error code.</summary>
    public (int Status, int Code, string Message) StoppedCancel { get; set; } = (404, 12000, "Not found");

    private readonly TimeProvider clock;

    public CloudflareFake(TimeProvider clock)
    {
        this.clock = clock;
        Reset();
    }

    public static Guid BuildGuid(int n) => Guid.Parse($"b0100000-0000-4000-8000-{n:D12}");

    public void Reset()
    {
        lock (gate)
        {
            StoppedCancel = (404, 12000, "Not found");
            quota = null;
            Refused = 0;
            scripts = new List<FakeScript>
            {
                new() { Id = "my-worker", Tag = "8ee82b3a2c0f42928b8f14dae4a97121" },
                new() { Id = "quiet-worker", Tag = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f" },
            };
            builds = new List<FakeBuild>
            {
                new() { BuildUuid = BuildGuid(1), Status = "running" },
                new() { BuildUuid = BuildGuid(2), Status = "queued", Branch = "feature/login" },
                new() { BuildUuid = BuildGuid(3), Status = "initializing" },
                new() { BuildUuid = BuildGuid(4), Status = "stopped", Outcome = "success", StoppedOn = new DateTime(2026, 11, 24, 9, 5, 0, DateTimeKind.Utc) },
                new() { BuildUuid = BuildGuid(5), Status = "stopped", Outcome = "cancelled", StoppedOn = new DateTime(2026, 11, 24, 9, 2, 0, DateTimeKind.Utc) },
                new() { BuildUuid = BuildGuid(6), Status = "running" },
            };
        }
    }

    public void Load(IEnumerable<FakeBuild> added)
    {
        lock (gate)
        {
            builds.AddRange(added);
        }
    }

    public void LoadScripts(IEnumerable<FakeScript> added)
    {
        lock (gate)
        {
            scripts.AddRange(added);
        }
    }

    public FakeBuild[] Snapshot()
    {
        lock (gate)
        {
            return builds.ToArray();
        }
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/client/v4/accounts/{account}/builds/builds/{uuid}/cancel", Cancel);
        app.MapGet("/client/v4/accounts/{account}/builds/builds/{uuid}", Get);
        app.MapGet("/client/v4/accounts/{account}/workers/scripts", ListScripts);
        app.MapGet("/client/v4/accounts/{account}/builds/workers/{tag}/builds", ListBuilds);
    }

    private async Task Cancel(HttpContext context, string account, string uuid)
    {
        if (!await AuthorizeAsync(context, CancelGroups))
        {
            return;
        }

        FakeBuild? build;
        bool refused = false;
        lock (gate)
        {
            build = Find(account, uuid);
            if (build is { Status: "queued" or "initializing" or "running" })
            {
                build.Status = "stopped";
                build.Outcome = "cancelled";
                build.StoppedOn = clock.GetUtcNow().UtcDateTime;
            }
            else if (build is not null)
            {
                refused = true;
            }
        }

        if (build is null)
        {
            await EnvelopeAsync(context, 404, null, (12000, "Not found"));
        }
        else if (refused)
        {
            await EnvelopeAsync(context, StoppedCancel.Status, null, (StoppedCancel.Code, StoppedCancel.Message));
        }
        else
        {
            await EnvelopeAsync(context, 200, writer =>
            {
                writer.WriteString("build_outcome", build.Outcome);
                writer.WriteString("build_uuid", build.BuildUuid);
                writer.WriteString("stopped_on", Date(build.StoppedOn));
            });
        }
    }

    private async Task Get(HttpContext context, string account, string uuid)
    {
        if (!await AuthorizeAsync(context, BuildReadGroups))
        {
            return;
        }

        FakeBuild? build;
        lock (gate)
        {
            build = Find(account, uuid);
        }

        if (build is null)
        {
            await EnvelopeAsync(context, 404, null, (12000, "Not found"));
            return;
        }

        await EnvelopeAsync(context, 200, writer => WriteBuild(writer, build));
    }

    /// <summary>The account's scripts (not paged, as cloudflare-go reads them): id is the name, tag the immutable id.</summary>
    private async Task ListScripts(HttpContext context, string account)
    {
        if (!await AuthorizeAsync(context, ScriptListGroups))
        {
            return;
        }

        FakeScript[] found;
        lock (gate)
        {
            found = scripts.Where(s => s.AccountId == account).ToArray();
        }

        await ListEnvelopeAsync(context, found, (writer, script) =>
        {
            writer.WriteString("id", script.Id);
            writer.WriteString("tag", script.Tag);
            writer.WriteString("created_on", "2026-10-01T12:00:00.000Z");
        }, null);
    }

    /// <summary>A Worker's builds, newest first, in pages (page ≥ 1, per_page 1–200) with result_info.</summary>
    private async Task ListBuilds(HttpContext context, string account, string tag)
    {
        if (!await AuthorizeAsync(context, BuildReadGroups))
        {
            return;
        }

        var query = context.Request.Query;
        int page = int.TryParse(query["page"], out int p) ? Math.Max(p, 1) : 1;
        int perPage = int.TryParse(query["per_page"], out int size) ? Math.Clamp(size, 1, 200) : 25;
        FakeBuild[] all;
        lock (gate)
        {
            all = builds.Where(b => b.AccountId == account && b.ScriptTag == tag).OrderByDescending(b => b.CreatedOn).ToArray();
        }

        await ListEnvelopeAsync(context, all.Skip((page - 1) * perPage).Take(perPage), WriteBuild, (page, perPage, all.Length));
    }

    private static void WriteBuild(Utf8JsonWriter writer, FakeBuild build)
    {
        {
            writer.WriteString("build_uuid", build.BuildUuid);
            writer.WriteString("status", build.Status);
            if (build.Outcome is null)
            {
                writer.WriteNull("build_outcome");
            }
            else
            {
                writer.WriteString("build_outcome", build.Outcome);
            }

            writer.WriteString("created_on", Date(build.CreatedOn));
            writer.WriteString("stopped_on", Date(build.StoppedOn));
            writer.WriteString("modified_on", Date(build.StoppedOn ?? build.CreatedOn));
            writer.WriteStartObject("build_trigger_metadata");
            writer.WriteString("branch", build.Branch);
            writer.WriteString("commit_hash", "7c2e9f0a1b3d5e7f9a0b1c2d3e4f5a6b7c8d9e0f");
            writer.WriteString("author", "dev@example.com");
            writer.WriteString("build_trigger_source", "push");
            writer.WriteEndObject();
            writer.WriteStartObject("trigger");
            writer.WriteString("external_script_id", build.ScriptTag);
            writer.WriteString("trigger_name", "Deploy main");
            writer.WriteEndObject();
            writer.WriteNull("pull_request");
        }
    }

    private FakeBuild? Find(string account, string uuid) =>
        Guid.TryParse(uuid, out Guid id) ? builds.FirstOrDefault(b => b.BuildUuid == id && b.AccountId == account) : null;

    private async Task<bool> AuthorizeAsync(HttpContext context, string[] accepted)
    {
        context.Response.Headers["cf-ray"] = $"{Interlocked.Increment(ref rays):x16}-SJC";
        int? refusedFor;
        lock (gate)
        {
            refusedFor = quota?.Take(context.Response.Headers);
            if (refusedFor is not null)
            {
                Refused++;
            }
        }

        if (refusedFor is int seconds)
        {
            context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            await EnvelopeAsync(context, 429, null, (971, "Please wait and consider throttling your request speed"));
            return false;
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        string? email = context.Request.Headers["X-Auth-Email"].FirstOrDefault();
        string? key = context.Request.Headers["X-Auth-Key"].FirstOrDefault();

        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7 || authorization.IndexOf(' ', 7) >= 0)
            {
                await EnvelopeAsync(context, 400, null, (6003, "Invalid request headers"), chain: (6111, "Invalid format for Authorization header"));
                return false;
            }

            string token = authorization.Substring(7);
            if (!TokenGroups.TryGetValue(token, out string[]? groups))
            {
                await EnvelopeAsync(context, 401, null, (10000, "Authentication error"));
                return false;
            }

            if (!groups.Intersect(accepted).Any())
            {
                await EnvelopeAsync(context, 403, null, (10000, "Authentication error"));
                return false;
            }

            return true;
        }

        if (email is not null || key is not null)
        {
            if (key is null || !key.All(Uri.IsHexDigit))
            {
                await EnvelopeAsync(context, 400, null, (6003, "Invalid request headers"), chain: (6103, "Invalid format for X-Auth-Key header"));
                return false;
            }

            if (email != Email || key != GlobalKey)
            {
                await EnvelopeAsync(context, 403, null, (9103, "Unknown X-Auth-Key or X-Auth-Email"));
                return false;
            }

            return true;
        }

        await EnvelopeAsync(context, 401, null, (12005, "Missing token from authorization header"));
        return false;
    }

    private static string? Date(DateTime? value) =>
        value?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static async Task ListEnvelopeAsync<T>(HttpContext context, IEnumerable<T> items, Action<Utf8JsonWriter, T> write, (int Page, int PerPage, int Total)? info)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteEndArray();
            writer.WriteStartArray("messages");
            writer.WriteEndArray();
            writer.WriteStartArray("result");
            int count = 0;
            foreach (T item in items)
            {
                writer.WriteStartObject();
                write(writer, item);
                writer.WriteEndObject();
                count++;
            }

            writer.WriteEndArray();
            if (info is var (page, perPage, total))
            {
                writer.WriteStartObject("result_info");
                writer.WriteNumber("page", page);
                writer.WriteNumber("per_page", perPage);
                writer.WriteNumber("count", count);
                writer.WriteNumber("total_count", total);
                writer.WriteNumber("total_pages", Math.Max(1, (total + perPage - 1) / perPage));
                writer.WriteEndObject();
            }

            writer.WriteBoolean("success", true);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static async Task EnvelopeAsync(HttpContext context, int status, Action<Utf8JsonWriter>? result, (int Code, string Message)? error = null, (int Code, string Message)? chain = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            if (error is var (code, message))
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", code);
                writer.WriteString("message", message);
                if (chain is var (chainCode, chainMessage))
                {
                    writer.WriteStartArray("error_chain");
                    writer.WriteStartObject();
                    writer.WriteNumber("code", chainCode);
                    writer.WriteString("message", chainMessage);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("messages");
            writer.WriteEndArray();
            if (result is null)
            {
                writer.WriteNull("result");
            }
            else
            {
                writer.WriteStartObject("result");
                result(writer);
                writer.WriteEndObject();
            }

            writer.WriteBoolean("success", error is null);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    /// <summary>One user's named quotas: requests counted in each policy's window; exceeding one blocks every call for its whole period.</summary>
    private sealed class UserQuota((string Name, int Requests, TimeSpan Window)[] policies, TimeProvider clock)
    {
        private readonly DateTimeOffset[] ends = policies.Select(p => clock.GetUtcNow() + p.Window).ToArray();
        private readonly int[] used = new int[policies.Length];
        private DateTimeOffset blockedUntil;

        /// <summary>Counts a request and sets the headers; the seconds to wait when it is refused.</summary>
        public int? Take(IHeaderDictionary headers)
        {
            DateTimeOffset now = clock.GetUtcNow();
            var limits = new List<string>();
            for (int i = 0; i < policies.Length; i++)
            {
                if (now >= ends[i])
                {
                    ends[i] = now + policies[i].Window;
                    used[i] = 0;
                }

                used[i]++;
                if (used[i] > policies[i].Requests && blockedUntil <= now)
                {
                    blockedUntil = now + policies[i].Window;
                }

                int reset = Math.Max(1, (int)Math.Ceiling((ends[i] - now).TotalSeconds));
                limits.Add($"\"{policies[i].Name}\";r={Math.Max(0, policies[i].Requests - used[i])};t={reset}");
            }

            headers["Ratelimit"] = string.Join(", ", limits);
            headers["Ratelimit-Policy"] = string.Join(", ", policies.Select(p => $"\"{p.Name}\";q={p.Requests};w={(int)p.Window.TotalSeconds}"));
            return blockedUntil > now ? Math.Max(1, (int)Math.Ceiling((blockedUntil - now).TotalSeconds)) : null;
        }
    }
}
