using System.Globalization;
using System.Text.Json;

namespace ReleaseCmdlets.Simulator;

public sealed class FakeApp
{
    public Guid Guid { get; set; }
    public string Name { get; set; } = "";
    public Guid SpaceGuid { get; set; }
    /// <summary>Sent back in X-Cf-Warnings on every answer about this app's deployments.</summary>
    public string? Warning { get; set; }
}

public sealed class FakeDeployment
{
    public Guid Guid { get; set; }
    public Guid AppGuid { get; set; }
    /// <summary>The internal state: DEPLOYING, PAUSED, CANCELING, DEPLOYED, CANCELED, SUPERSEDED.</summary>
    public string State { get; set; } = "DEPLOYING";
    public string Strategy { get; set; } = "rolling";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CancelRequestedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// Cloud Foundry v3 deployments as cloud_controller_ng defines them (app/actions/deployment_cancel.rb,
/// app/controllers/v3/deployments_controller.rb, errors/v3.yml; the docs' resources/deployments pages): the real state machine (DEPLOYING → CANCELING →
/// CANCELED after a delay; cancelling CANCELING is a no-op; FINALIZED is refused with 422), 404 for unknown deployments
/// and for users without a role, 401/403 by token, the v3 error body, X-Vcap-Request-Id and X-Cf-Warnings.
/// </summary>
public sealed partial class CloudFoundryFake
{
    public const string Token = "cf-sim-token-5d1c0e9b";
    public const string ExpiredToken = "cf-sim-expired-token-22b4";
    /// <summary>A valid user without a role that may manage apps: can read, gets 404 on cancel.</summary>
    public const string AuditorToken = "cf-sim-auditor-token-9e1f";
    /// <summary>A token without the cloud_controller.write scope: 403 on cancel.</summary>
    public const string ReadOnlyToken = "cf-sim-readonly-token-73aa";

    public static readonly Guid Space = Guid.Parse("5a7e0000-0000-4000-8000-000000000001");
    public static readonly Guid OtherSpace = Guid.Parse("5a7e0000-0000-4000-8000-000000000002");

    /// <summary>The spaces' names, for include=space; a space not named here is "space-" and its guid's first block.</summary>
    private static string SpaceName(Guid space) => space == Space ? "dev" : space == OtherSpace ? "staging" : "space-" + space.ToString("D").Substring(0, 8);
    private static readonly string[] KnownListParameters =
        { "app_guids", "states", "status_reasons", "status_values", "label_selector", "created_ats", "updated_ats", "page", "per_page", "order_by" };

    private static readonly System.Text.RegularExpressions.Regex NameListSeparator = new(@",\s*");
    private readonly object gate = new();
    private List<FakeApp> apps = new();
    private RateLimiter? limiter;

    /// <summary>How many requests the rate limiter refused since the reset.</summary>
    public int Refused { get; private set; }
    private List<FakeDeployment> deployments = new();
    private long requestCount;

    private readonly TimeProvider clock;

    public CloudFoundryFake(TimeProvider clock)
    {
        this.clock = clock;
        Uaa = new UaaFake(clock);
        Reset();
    }

    /// <summary>The UAA that issues and renews the tokens this Cloud Controller accepts.</summary>
    public UaaFake Uaa { get; }

    /// <summary>
    /// Cloud Controller's rate limiter (cloud_controller_ng middleware/rate_limiter.rb and base_rate_limiter.rb; off by
    /// default, config/cloud_controller.yml rate_limiter.enabled: false). Each of <paramref name="processes"/> processes
    /// counts each user's requests (the token's user_id, else its client_id), refused ones too, in an interval whose
    /// phase is the user's own (mixins/user_reset_interval.rb), and refuses past <paramref name="perProcess"/>. Every
    /// answer shows X-RateLimit-Limit: the global limit; -Remaining: floor((perProcess - count) / perProcess, 1 decimal)
    /// × global (estimate_remaining, rounded down to tenths); -Reset: the end of the user's interval. A refusal is 429,
    /// text/plain around the JSON error body, with Retry-After. Requests go to the processes in turn.
    /// </summary>
    public void LimitRate(int perProcess, int global, TimeSpan interval, int processes)
    {
        lock (gate)
        {
            limiter = new RateLimiter(perProcess, global, interval, processes, clock);
        }
    }

    /// <summary>Lists every app and deployment whatever the filters (names, spaces, apps, status values), as a misbehaving server or proxy would.</summary>
    public bool IgnoreFilters { get; set; }

    public void LoadApps(IEnumerable<FakeApp> added)
    {
        lock (gate)
        {
            apps.AddRange(added);
        }
    }

    public void AddApps(string name, int count)
    {
        lock (gate)
        {
            for (int i = 0; i < count; i++)
            {
                apps.Add(new FakeApp { Guid = Guid.NewGuid(), Name = name, SpaceGuid = Guid.NewGuid() });
            }
        }
    }

    /// <summary>How long a cancelled deployment stays CANCELING before it is FINALIZED/CANCELED.</summary>
    public TimeSpan CancelDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    public static Guid AppGuid(int n) => Guid.Parse($"a9900000-0000-4000-8000-{n:D12}");

    public static Guid DeploymentGuid(int n) => Guid.Parse($"de900000-0000-4000-8000-{n:D12}");

    public void Reset()
    {
        Uaa.Reset();
        var created = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        lock (gate)
        {
            CancelDelay = TimeSpan.FromSeconds(1.5);
            limiter = null;
            Refused = 0;
            IgnoreFilters = false;
            apps = new List<FakeApp>
            {
                new() { Guid = AppGuid(1), Name = "web", SpaceGuid = Space },
                new() { Guid = AppGuid(2), Name = "api", SpaceGuid = Space, Warning = "The app api uses a deprecated buildpack, cflinuxfs3" },
                new() { Guid = AppGuid(3), Name = "worker", SpaceGuid = Space },
                new() { Guid = AppGuid(4), Name = "web", SpaceGuid = OtherSpace },
            };
            deployments = new List<FakeDeployment>
            {
                new() { Guid = DeploymentGuid(1), AppGuid = AppGuid(1), State = "DEPLOYING", CreatedAt = created.AddMinutes(5) },
                new() { Guid = DeploymentGuid(11), AppGuid = AppGuid(1), State = "SUPERSEDED", CreatedAt = created },
                new() { Guid = DeploymentGuid(2), AppGuid = AppGuid(2), State = "DEPLOYING", CreatedAt = created.AddMinutes(1), Strategy = "canary" },
                new() { Guid = DeploymentGuid(3), AppGuid = AppGuid(3), State = "DEPLOYED", CreatedAt = created },
                new() { Guid = DeploymentGuid(4), AppGuid = AppGuid(4), State = "PAUSED", CreatedAt = created, Strategy = "canary" },
                new() { Guid = DeploymentGuid(5), AppGuid = AppGuid(2), State = "CANCELED", CreatedAt = created, Error = "Canceled by user" },
                new() { Guid = DeploymentGuid(6), AppGuid = AppGuid(3), State = "DEPLOYING", CreatedAt = created.AddMinutes(-5) },
            };
            foreach (var deployment in deployments)
            {
                deployment.UpdatedAt = deployment.CreatedAt;
            }
        }
    }

    public FakeDeployment[] Snapshot()
    {
        lock (gate)
        {
            Advance();
            return deployments.ToArray();
        }
    }

    public void Load(IEnumerable<FakeDeployment> added)
    {
        lock (gate)
        {
            foreach (var deployment in added)
            {
                deployment.CreatedAt = deployment.CreatedAt == default ? clock.GetUtcNow().UtcDateTime : deployment.CreatedAt;
                deployment.UpdatedAt = deployment.CreatedAt;
                deployments.Add(deployment);
            }
        }
    }

    public void Map(IEndpointRouteBuilder app)
    {
        Uaa.Map(app);
        app.MapPost("/v3/deployments/{guid}/actions/cancel", Cancel);
        app.MapGet("/v3/deployments/{guid}", Get);
        app.MapGet("/v3/deployments", List);
        app.MapGet("/v3/apps", ListApps);
    }

    private async Task Cancel(HttpContext context, string guid)
    {
        if (!await AuthenticateAsync(context))
        {
            return;
        }

        string? refusal;
        FakeDeployment? deployment;
        lock (gate)
        {
            Advance();
            deployment = Find(guid);
            if (deployment is null || Bearer(context) == AuditorToken)
            {
                refusal = "404";
            }
            else if (Bearer(context) == ReadOnlyToken)
            {
                refusal = "403";
            }
            else if (deployment.State is "DEPLOYING" or "PAUSED" or "PREPAUSED" or "CANCELING")
            {
                refusal = null;
                if (deployment.State != "CANCELING")
                {
                    deployment.State = "CANCELING";
                    deployment.CancelRequestedAt = clock.GetUtcNow().UtcDateTime;
                    deployment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
                }
            }
            else
            {
                var (value, reason) = Status(deployment);
                refusal = $"Cannot cancel a deployment with status: {value} and reason: {reason}";
            }
        }

        Warn(context, deployment);
        switch (refusal)
        {
            case null:
                context.Response.StatusCode = 200;
                break;
            case "404":
                await ErrorAsync(context, 404, 10010, "CF-ResourceNotFound", "Deployment not found");
                break;
            case "403":
                await ErrorAsync(context, 403, 10003, "CF-NotAuthorized", "You are not authorized to perform the requested action");
                break;
            default:
                await ErrorAsync(context, 422, 10008, "CF-UnprocessableEntity", refusal);
                break;
        }
    }

    private async Task Get(HttpContext context, string guid)
    {
        if (!await AuthenticateAsync(context))
        {
            return;
        }

        FakeDeployment? deployment;
        lock (gate)
        {
            Advance();
            deployment = Find(guid);
        }

        if (deployment is null)
        {
            await ErrorAsync(context, 404, 10010, "CF-ResourceNotFound", "Deployment not found");
            return;
        }

        Warn(context, deployment);
        await JsonAsync(context, writer => Write(writer, deployment, context));
    }

    private async Task List(HttpContext context)
    {
        if (!await AuthenticateAsync(context))
        {
            return;
        }

        string? unknown = context.Request.Query.Keys.FirstOrDefault(k => !KnownListParameters.Contains(k) && CreatedAtOperator(k) is null);
        if (unknown is not null)
        {
            await ErrorAsync(context, 400, 10005, "CF-BadQueryParameter", $"The query parameter is invalid: Unknown query parameter(s): '{unknown}'.");
            return;
        }

        if (CreatedAtFilter(context.Request.Query) is not { } createdAt)
        {
            await ErrorAsync(context, 400, 10005, "CF-BadQueryParameter", "The query parameter is invalid: Created ats has an invalid timestamp format");
            return;
        }

        IEnumerable<FakeDeployment> matches;
        lock (gate)
        {
            Advance();
            matches = deployments.ToArray();
        }

        var query = context.Request.Query;
        if (!IgnoreFilters && query["app_guids"].ToString() is { Length: > 0 } appGuids)
        {
            var wanted = appGuids.Split(',');
            matches = matches.Where(d => wanted.Contains(d.AppGuid.ToString()));
        }

        if (!IgnoreFilters && query["status_values"].ToString() is { Length: > 0 } values)
        {
            var wanted = values.Split(',');
            matches = matches.Where(d => wanted.Contains(Status(d).Value));
        }

        if (query["states"].ToString() is { Length: > 0 } states)
        {
            var wanted = states.Split(',');
            matches = matches.Where(d => wanted.Contains(d.State));
        }

        matches = matches.Where(createdAt);

        // Cloud Controller orders by the column asked, then by guid in the same direction (lib/cloud_controller/paging/sequel_paginator.rb).
        matches = query["order_by"].ToString() switch
        {
            "-created_at" => matches.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Guid.ToString()),
            "created_at" or "" => matches.OrderBy(d => d.CreatedAt).ThenBy(d => d.Guid.ToString()),
            "-updated_at" => matches.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Guid.ToString()),
            _ => matches.OrderBy(d => d.UpdatedAt).ThenBy(d => d.Guid.ToString()),
        };

        int perPage = int.TryParse(query["per_page"], out int p) ? Math.Clamp(p, 1, 5000) : 50;
        int page = int.TryParse(query["page"], out int n) ? Math.Max(1, n) : 1;
        var all = matches.ToList();
        var slice = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        await JsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            WritePagination(writer, context, all.Count, perPage, page);
            writer.WriteStartArray("resources");
            foreach (var deployment in slice)
            {
                Write(writer, deployment, context);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private async Task ListApps(HttpContext context)
    {
        if (!await AuthenticateAsync(context))
        {
            return;
        }

        var query = context.Request.Query;
        IEnumerable<FakeApp> matches;
        lock (gate)
        {
            matches = apps.ToArray();
        }

        if (!IgnoreFilters && query["names"].ToString() is { Length: > 0 } names)
        {
            // As Cloud Controller (app/messages/base_message.rb, to_array!): split the decoded value on a comma and
            // any white space after it, then percent-decode each name once more (Addressable::URI.unescape).
            var wanted = NameListSeparator.Split(names).Select(Uri.UnescapeDataString).ToArray();
            matches = matches.Where(a => wanted.Contains(a.Name));
        }

        if (!IgnoreFilters && query["space_guids"].ToString() is { Length: > 0 } spaces)
        {
            var wanted = spaces.Split(',');
            matches = matches.Where(a => wanted.Contains(a.SpaceGuid.ToString()));
        }

        // guids (app/messages/list_message.rb, COMMON_FILTERING_KEYS), as a comma-separated list like the others.
        if (!IgnoreFilters && query["guids"].ToString() is { Length: > 0 } guids)
        {
            var wanted = guids.Split(',');
            matches = matches.Where(a => wanted.Contains(a.Guid.ToString(), StringComparer.OrdinalIgnoreCase));
        }

        // include=space adds included.spaces, each space once (spec/request/apps_spec.rb).
        bool includeSpaces = query["include"].ToString().Split(',').Contains("space");
        var all = matches.ToList();
        int perPage = int.TryParse(query["per_page"], out int size) ? Math.Clamp(size, 1, 5000) : 50;
        int page = int.TryParse(query["page"], out int number) ? Math.Max(number, 1) : 1;
        var list = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        await JsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            WritePagination(writer, context, all.Count, perPage, page);
            writer.WriteStartArray("resources");
            foreach (var app in list)
            {
                writer.WriteStartObject();
                writer.WriteString("guid", app.Guid);
                writer.WriteString("name", app.Name);
                writer.WriteString("state", "STARTED");
                writer.WriteStartObject("relationships");
                writer.WriteStartObject("space");
                writer.WriteStartObject("data");
                writer.WriteString("guid", app.SpaceGuid);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (includeSpaces)
            {
                writer.WriteStartObject("included");
                writer.WriteStartArray("spaces");
                foreach (Guid space in list.Select(a => a.SpaceGuid).Distinct())
                {
                    writer.WriteStartObject();
                    writer.WriteString("guid", space);
                    writer.WriteString("name", SpaceName(space));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Moves CANCELING deployments to CANCELED once the delay has passed (the deployment updater's job).</summary>
    /// <summary>lt, lte, gt or gte of a created_ats[op] key; null for any other key.</summary>
    private static string? CreatedAtOperator(string key) => key switch
    {
        "created_ats[lt]" => "lt",
        "created_ats[lte]" => "lte",
        "created_ats[gt]" => "gt",
        "created_ats[gte]" => "gte",
        _ => null,
    };

    /// <summary>
    /// The created_ats filters as Cloud Controller applies them (app/fetchers/base_list_fetcher.rb): timestamps are whole
    /// seconds, lte and gt reach to the end of the second (+0.999999 s), an equality list matches anywhere within each second.
    /// Null when a timestamp does not parse.
    /// </summary>
    private static Func<FakeDeployment, bool>? CreatedAtFilter(IQueryCollection query)
    {
        var tests = new List<Func<DateTime, bool>>();
        foreach (string key in query.Keys)
        {
            bool equality = key == "created_ats";
            string? op = equality ? "eq" : CreatedAtOperator(key);
            if (op is null)
            {
                continue;
            }

            var seconds = new List<DateTime>();
            foreach (string text in query[key].ToString().Split(','))
            {
                if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at))
                {
                    return null;
                }

                seconds.Add(at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)));
            }

            DateTime bound = seconds[0];
            DateTime endOfSecond = bound.AddTicks(TimeSpan.TicksPerSecond - 10);
            tests.Add(op switch
            {
                "lt" => created => created < bound,
                "lte" => created => created <= endOfSecond,
                "gt" => created => created > endOfSecond,
                "gte" => created => created >= bound,
                _ => created => seconds.Any(second => created >= second && created <= second.AddTicks(TimeSpan.TicksPerSecond - 10)),
            });
        }

        return deployment => tests.All(test => test(deployment.CreatedAt));
    }

    private void Advance()
    {
        foreach (var deployment in deployments)
        {
            if (deployment.State == "CANCELING" && deployment.CancelRequestedAt is DateTime at && clock.GetUtcNow().UtcDateTime - at >= CancelDelay)
            {
                deployment.State = "CANCELED";
                deployment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            }
        }
    }

    private FakeDeployment? Find(string guid) =>
        Guid.TryParse(guid, out Guid id) ? deployments.FirstOrDefault(d => d.Guid == id) : null;

    private static (string Value, string Reason) Status(FakeDeployment d) => d.State switch
    {
        "DEPLOYING" or "PREPAUSED" => ("ACTIVE", "DEPLOYING"),
        "PAUSED" => ("ACTIVE", "PAUSED"),
        "CANCELING" => ("ACTIVE", "CANCELING"),
        _ => ("FINALIZED", d.State),
    };

    private static string? Bearer(HttpContext context)
    {
        string header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase) ? header.Substring(7) : null;
    }

    private async Task<bool> AuthenticateAsync(HttpContext context)
    {
        context.Response.Headers["X-Vcap-Request-Id"] = $"vcap-{Interlocked.Increment(ref requestCount):D6}";
        if (Limit(context) is int retryAfter)
        {
            // too_many_requests!: the JSON error as text/plain, Retry-After the seconds left of the user's interval.
            context.Response.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
            await ErrorAsync(context, 429, 10013, "CF-RateLimitExceeded", "Rate Limit Exceeded", "text/plain; charset=utf-8");
            return false;
        }

        string? token = Bearer(context);
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString()))
        {
            await ErrorAsync(context, 401, 10002, "CF-NotAuthenticated", "Authentication error");
            return false;
        }

        if (token is not (Token or AuditorToken or ReadOnlyToken) && !(token is not null && Uaa.Accepts(token)))
        {
            await ErrorAsync(context, 401, 1000, "CF-InvalidAuthToken", "Invalid Auth Token");
            return false;
        }

        return true;
    }

    private void Warn(HttpContext context, FakeDeployment? deployment)
    {
        FakeApp? app;
        lock (gate)
        {
            app = deployment is null ? null : apps.FirstOrDefault(a => a.Guid == deployment.AppGuid);
        }

        if (app?.Warning is string warning)
        {
            context.Response.Headers["X-Cf-Warnings"] = Uri.EscapeDataString(warning);
        }
    }

    private static void Write(Utf8JsonWriter writer, FakeDeployment d, HttpContext context)
    {
        var (value, reason) = Status(d);
        string self = $"{context.Request.Scheme}://{context.Request.Host}/v3/deployments/{d.Guid}";
        writer.WriteStartObject();
        writer.WriteString("guid", d.Guid);
        writer.WriteString("created_at", d.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        writer.WriteString("updated_at", d.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        writer.WriteStartObject("status");
        writer.WriteString("value", value);
        writer.WriteString("reason", reason);
        writer.WriteStartObject("details");
        writer.WriteString("last_successful_healthcheck", d.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        writer.WriteString("last_status_change", d.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        if (d.Error is not null)
        {
            writer.WriteString("error", d.Error);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("strategy", d.Strategy);
        writer.WriteStartObject("options");
        writer.WriteNumber("max_in_flight", 1);
        writer.WriteEndObject();
        writer.WriteStartObject("droplet");
        writer.WriteString("guid", "d0000000-0000-4000-8000-000000000002");
        writer.WriteEndObject();
        writer.WriteStartObject("previous_droplet");
        writer.WriteString("guid", "d0000000-0000-4000-8000-000000000001");
        writer.WriteEndObject();
        writer.WriteStartArray("new_processes");
        writer.WriteEndArray();
        writer.WriteNull("revision");
        writer.WriteStartObject("relationships");
        writer.WriteStartObject("app");
        writer.WriteStartObject("data");
        writer.WriteString("guid", d.AppGuid);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("metadata");
        writer.WriteStartObject("labels");
        writer.WriteEndObject();
        writer.WriteStartObject("annotations");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("links");
        writer.WriteStartObject("self");
        writer.WriteString("href", self);
        writer.WriteEndObject();
        if (value == "ACTIVE")
        {
            writer.WriteStartObject("cancel");
            writer.WriteString("href", self + "/actions/cancel");
            writer.WriteString("method", "POST");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WritePagination(Utf8JsonWriter writer, HttpContext context, int total, int perPage, int page)
    {
        int pages = Math.Max(1, (total + perPage - 1) / perPage);
        string Link(int n) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?page={n}&per_page={perPage}";
        writer.WriteStartObject("pagination");
        writer.WriteNumber("total_results", total);
        writer.WriteNumber("total_pages", pages);
        writer.WriteStartObject("first");
        writer.WriteString("href", Link(1));
        writer.WriteEndObject();
        writer.WriteStartObject("last");
        writer.WriteString("href", Link(pages));
        writer.WriteEndObject();
        if (page < pages)
        {
            writer.WriteStartObject("next");
            writer.WriteString("href", Link(page + 1));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("next");
        }

        writer.WriteNull("previous");
        writer.WriteEndObject();
    }

    private static async Task JsonAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body(writer);
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    /// <summary>Counts the request against the rate limit and sets its headers; the seconds to wait when it is refused.</summary>
    private int? Limit(HttpContext context)
    {
        lock (gate)
        {
            if (limiter is null)
            {
                return null;
            }

            (string limit, string remaining, long reset, int? retryAfter) = limiter.Take(CountedAs(context));
            if (retryAfter is not null)
            {
                Refused++;
            }

            context.Response.Headers["X-RateLimit-Limit"] = limit;
            context.Response.Headers["X-RateLimit-Remaining"] = remaining;
            context.Response.Headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
            return retryAfter;
        }
    }

    /// <summary>Whom Cloud Controller counts: the token's user_id, else its client_id; a token that is no JWT stands for its own user.</summary>
    private static string CountedAs(HttpContext context)
    {
        string? token = Bearer(context);
        string[] parts = token?.Split('.') ?? Array.Empty<string>();
        if (parts.Length == 3)
        {
            try
            {
                string payload = parts[1].Replace('-', '+').Replace('_', '/');
                using var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
                foreach (string claim in new[] { "user_id", "client_id" })
                {
                    if (claims.RootElement.TryGetProperty(claim, out JsonElement value) && value.GetString() is { Length: > 0 } id)
                    {
                        return id;
                    }
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
            }
        }

        return token ?? "anonymous";
    }

    private sealed class RateLimiter(int perProcess, int global, TimeSpan interval, int processes, TimeProvider clock)
    {
        private readonly Dictionary<(int Process, string User, long Ends), int> counts = new();
        private int next;

        public (string Limit, string Remaining, long Reset, int? RetryAfter) Take(string user)
        {
            long now = clock.GetUtcNow().ToUnixTimeSeconds();
            long seconds = Math.Max(1, (long)interval.TotalSeconds);
            long offset = user.Aggregate(17L, (hash, c) => ((hash * 31) + c) % 1_000_003) % seconds;
            long expiresIn = seconds - (((now - offset) % seconds) + seconds) % seconds;
            long ends = now + expiresIn;
            int process = next++ % Math.Max(1, processes);
            var key = (process, user, ends);
            counts[key] = counts.TryGetValue(key, out int count) ? count + 1 : 1;
            count = counts[key];
            double estimate = Math.Floor((perProcess - count) * 10.0 / perProcess) / 10 * global;
            return (global.ToString(CultureInfo.InvariantCulture), ((int)Math.Max(0, estimate)).ToString(CultureInfo.InvariantCulture), ends,
                count > perProcess ? (int)expiresIn : null);
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, int code, string title, string detail, string contentType = "application/json; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { detail, title, code } } }));
    }
}
