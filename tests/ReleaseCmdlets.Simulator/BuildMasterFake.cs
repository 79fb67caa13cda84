using System.Globalization;
using System.Text.Json;
using ReleaseCmdlets.Simulator.Simulation;

namespace ReleaseCmdlets.Simulator;

/// <summary>A BuildMaster release as the fake keeps it.</summary>
public sealed class FakeRelease
{
    public int Id { get; set; }
    public string ReleaseNumber { get; set; } = "";
    public string? ReleaseName { get; set; }
    public int ApplicationId { get; set; }
    public string ApplicationName { get; set; } = "";
    public string? PipelineName { get; set; }
    public string Status { get; set; } = "active";
    public int Sequence { get; set; }
    public DateTime CreatedOn { get; set; } = new(2026, 11, 1, 9, 3, 43, DateTimeKind.Utc);
    public string? CanceledBy { get; set; }
    public DateTime? CanceledOn { get; set; }
    public string? LastCancelReason { get; set; }
}

/// <summary>
/// Inedo BuildMaster's Release &amp; Build Deployment API (Get Releases, Cancel Release) as Inedo documents it
/// (Inedo/inedo-docs Content/BuildMaster/Reference/api/release-and-build/buildmaster-buildrelease-releases-get.md and
/// -releases-cancel.md; buildmaster-administration-security-api-keys.md for the key):
/// X-ApiKey (or key / API_Key) auth with 403 for a bad key, 400 with a text body for bad input, duplicate keys refused.
/// </summary>
public sealed partial class BuildMasterFake
{
    public const string ApiKey = "bm-sim-key-7f3a9c";
    private static readonly string[] Statuses = { "active", "canceled", "deployed" };
    private readonly object gate = new();
    private List<FakeRelease> releases = new();

    private readonly TimeProvider clock;

    public BuildMasterFake(TimeProvider clock)
    {
        this.clock = clock;
        Reset();
    }

    /// <summary>Lists every release whatever the filters, as an older server or a proxy that drops the body would.</summary>
    public bool IgnoreFilters { get; set; }

    public void Reset()
    {
        lock (gate)
        {
            IgnoreFilters = false;
            releases = new List<FakeRelease>
            {
                new() { Id = 1, ReleaseNumber = "1.0", ReleaseName = "First", ApplicationId = 1, ApplicationName = "Accounting", PipelineName = "Standard", Status = "deployed", Sequence = 1 },
                new() { Id = 2, ReleaseNumber = "1.1", ApplicationId = 1, ApplicationName = "Accounting", PipelineName = "Standard", Status = "active", Sequence = 2 },
                new() { Id = 3, ReleaseNumber = "1.2", ApplicationId = 1, ApplicationName = "Accounting", PipelineName = "Hotfix", Status = "active", Sequence = 3 },
                new() { Id = 4, ReleaseNumber = "2.0", ReleaseName = "Phoenix", ApplicationId = 2, ApplicationName = "HDars", PipelineName = "Standard", Status = "active", Sequence = 1 },
                new() { Id = 5, ReleaseNumber = "0.9", ApplicationId = 2, ApplicationName = "HDars", PipelineName = "Standard", Status = "canceled", Sequence = 0, CanceledBy = "admin", CanceledOn = new DateTime(2026, 10, 2, 8, 0, 0, DateTimeKind.Utc) },
            };
        }
    }

    /// <summary>Adds releases (or replaces all of them) for a test.</summary>
    public void Load(IEnumerable<FakeRelease> added, bool replace)
    {
        lock (gate)
        {
            if (replace)
            {
                releases = new List<FakeRelease>();
            }

            releases.AddRange(added);
        }
    }

    /// <summary>Replaces all releases with <paramref name="count"/> generated active ones (for streaming tests).</summary>
    public void Generate(int count)
    {
        var generated = new List<FakeRelease>(count);
        for (int i = 1; i <= count; i++)
        {
            generated.Add(new FakeRelease
            {
                Id = i,
                ReleaseNumber = $"{i / 1000}.{i % 1000}",
                ApplicationId = 1 + (i % 7),
                ApplicationName = $"Application {1 + (i % 7)}",
                PipelineName = "Standard",
                ReleaseName = $"Generated release number {i} with a name long enough to look real",
                Sequence = i,
                Status = "active",
            });
        }

        Load(generated, replace: true);
    }

    public FakeRelease[] Snapshot()
    {
        lock (gate)
        {
            return releases.ToArray();
        }
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/releases", new[] { "GET", "POST" }, GetReleases);
        app.MapMethods("/api/releases/cancel", new[] { "POST", "PUT" }, CancelRelease);
    }

    private async Task GetReleases(HttpContext context)
    {
        RequestInput input = await RequestInput.ReadAsync(context.Request);
        if (!await CheckAsync(context, input))
        {
            return;
        }

        string? problem = Exclusive(input, "applicationId", "applicationName") ?? Exclusive(input, "releaseId", "releaseNumber", "releaseName");
        if (problem is null && input["status"] is string status && !Statuses.Contains(status, StringComparer.OrdinalIgnoreCase))
        {
            problem = $"Invalid status \"{status}\"; expected active, canceled or deployed.";
        }

        if (problem is null && (!TryInt(input, "applicationId", out _) || !TryInt(input, "releaseId", out _)))
        {
            problem = "applicationId and releaseId must be integers.";
        }

        if (problem is not null)
        {
            await Text(context, 400, problem);
            return;
        }

        // Lazy, so that the first release goes out before the last one is matched (as a streaming server would).
        IEnumerable<FakeRelease> matches = Snapshot().Where(r => IgnoreFilters || Matches(r, input));
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartArray();
        foreach (FakeRelease release in matches)
        {
            Write(writer, release);
            if (writer.BytesPending > 32 * 1024)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task CancelRelease(HttpContext context)
    {
        RequestInput input = await RequestInput.ReadAsync(context.Request);
        if (!await CheckAsync(context, input))
        {
            return;
        }

        bool hasApplication = input.Has("applicationId") || input.Has("applicationName");
        string? problem =
            input.Has("releaseId") && input.Has("releaseNumber") ? "Specify releaseId or releaseNumber, not both."
            : !input.Has("releaseId") && !input.Has("releaseNumber") ? "releaseId or releaseNumber is required."
            : input.Has("releaseId") && hasApplication ? "Application must not be specified when releaseId is specified."
            : input.Has("releaseNumber") && !hasApplication ? "Application is required when releaseNumber is specified."
            : Exclusive(input, "applicationId", "applicationName");
        if (problem is null && (!TryInt(input, "releaseId", out _) || !TryInt(input, "applicationId", out _)))
        {
            problem = "releaseId and applicationId must be integers.";
        }

        if (problem is not null)
        {
            await Text(context, 400, problem);
            return;
        }

        lock (gate)
        {
            FakeRelease? release = releases.FirstOrDefault(r => Matches(r, input));
            problem = release switch
            {
                null => "Release not found.",
                { Status: "deployed" } => $"Release {release.ReleaseNumber} has been deployed and cannot be canceled.",
                _ => null,
            };
            if (release is { Status: "active" })
            {
                release.Status = "canceled";
                release.CanceledBy = "API";
                release.CanceledOn = clock.GetUtcNow().UtcDateTime;
                release.LastCancelReason = input["reason"];
            }
        }

        if (problem is not null)
        {
            await Text(context, 400, problem);
            return;
        }

        context.Response.StatusCode = 200;
    }

    /// <summary>Key check (403, empty body, as the endpoint pages say), duplicate keys and unreadable bodies (400).</summary>
    private static async Task<bool> CheckAsync(HttpContext context, RequestInput input)
    {
        string? key = context.Request.Headers["X-ApiKey"].FirstOrDefault() ?? input["key"] ?? input["API_Key"];
        if (key != ApiKey)
        {
            context.Response.StatusCode = 403;
            return false;
        }

        string? problem = input.Error ?? (input.DuplicateKey is string duplicate ? $"Duplicate key \"{duplicate}\"." : null);
        if (problem is not null)
        {
            await Text(context, 400, problem);
            return false;
        }

        return true;
    }

    private static bool Matches(FakeRelease r, RequestInput input) =>
        (input["applicationId"] is not string appId || r.ApplicationId.ToString(CultureInfo.InvariantCulture) == appId)
        && (input["applicationName"] is not string appName || string.Equals(r.ApplicationName, appName, StringComparison.OrdinalIgnoreCase))
        && (input["releaseId"] is not string id || r.Id.ToString(CultureInfo.InvariantCulture) == id)
        && (input["releaseNumber"] is not string number || r.ReleaseNumber == number)
        && (input["releaseName"] is not string name || r.ReleaseName == name)
        && (input["pipelineName"] is not string pipeline || string.Equals(r.PipelineName, pipeline, StringComparison.OrdinalIgnoreCase))
        && (input["status"] is not string status || string.Equals(r.Status, status, StringComparison.OrdinalIgnoreCase));

    private static void Write(Utf8JsonWriter writer, FakeRelease r)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", r.Id);
        writer.WriteString("releaseNumber", r.ReleaseNumber);
        writer.WriteString("number", r.ReleaseNumber);
        if (r.ReleaseName is not null)
        {
            writer.WriteString("releaseName", r.ReleaseName);
            writer.WriteString("name", r.ReleaseName);
        }

        writer.WriteNumber("sequence", r.Sequence);
        writer.WriteString("status", r.Status);
        writer.WriteString("createdBy", "API");
        writer.WriteString("createdOn", r.CreatedOn.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        if (r.CanceledOn is DateTime canceledOn)
        {
            writer.WriteString("canceledBy", r.CanceledBy);
            writer.WriteString("canceledOn", canceledOn.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        }

        writer.WriteNumber("applicationId", r.ApplicationId);
        writer.WriteString("applicationName", r.ApplicationName);
        if (r.PipelineName is not null)
        {
            writer.WriteString("pipelineName", r.PipelineName);
        }

        writer.WriteStartArray("deployables");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string? Exclusive(RequestInput input, params string[] keys) =>
        keys.Count(input.Has) > 1 ? $"Specify only one of {string.Join(", ", keys)}." : null;

    private static bool TryInt(RequestInput input, string key, out int value)
    {
        value = 0;
        return input[key] is not string text || int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static async Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text);
    }
}
