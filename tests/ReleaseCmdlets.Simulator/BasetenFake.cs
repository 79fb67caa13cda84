using System.Text.Json;

namespace ReleaseCmdlets.Simulator;

public sealed class FakeEnvironment
{
    public string ModelId { get; set; } = "";
    public string Name { get; set; } = "production";
    public string CurrentDeploymentId { get; set; } = "qv3mn8w";
    public string? PromotingDeploymentId { get; set; }
    /// <summary>A rolling promotion ramps down when cancelled (RAMPING_DOWN) instead of stopping at once.</summary>
    public bool Rolling { get; set; }

    /// <summary>Until then the environment's deployment shows UPDATING: a rollback after a (force) cancel is under way.</summary>
    public DateTimeOffset? RollingBackUntil { get; set; }
}

public sealed class FakeModel
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
}

/// <summary>
/// Baseten's management API for promotions as api-facts.md §4 describes it: cancel_promotion answering CANCELED or
/// RAMPING_DOWN, force_cancel_promotion answering {success}, 400 VALIDATION_ERROR when nothing is in progress,
/// Api-Key (or Bearer) auth, {code, message} errors.
/// </summary>
public sealed class BasetenFake
{
    public const string ApiKey = "bt-sim-key-4Lq9vZ";
    public const string Model = "abc123xy";
    public const string RollingModel = "roll456z";

    private readonly object gate = new();
    private List<FakeEnvironment> environments = new();
    private List<FakeModel> models = new();

    /// <summary>How long the rollback after cancelling a rolling promotion takes (force_cancel answers before it ends).</summary>
    public TimeSpan RollbackDuration { get; set; } = TimeSpan.FromSeconds(3);

    public BasetenFake() => Reset();

    public void Reset()
    {
        lock (gate)
        {
            RollbackDuration = TimeSpan.FromSeconds(3);
            models = new List<FakeModel>
            {
                new() { Id = Model, Name = "llama-chat" },
                new() { Id = RollingModel, Name = "whisper-rolling" },
                new() { Id = "m3", Name = "m3-model" },
                new() { Id = "m4", Name = "m4-model" },
                new() { Id = "tw1n0001", Name = "twin" },
                new() { Id = "tw1n0002", Name = "twin" },
            };
            environments = new List<FakeEnvironment>
            {
                new() { ModelId = Model, Name = "production", PromotingDeploymentId = "w9k2p4r" },
                new() { ModelId = Model, Name = "staging", PromotingDeploymentId = "w9k2p4r" },
                new() { ModelId = Model, Name = "development" },
                new() { ModelId = RollingModel, Name = "production", PromotingDeploymentId = "z8y7x6w", Rolling = true, CurrentDeploymentId = "r1r2r3r" },
                new() { ModelId = "m3", Name = "production", PromotingDeploymentId = "p3p3p3p" },
                new() { ModelId = "m4", Name = "production", PromotingDeploymentId = "p4p4p4p" },
            };
        }
    }

    public FakeEnvironment[] Snapshot()
    {
        lock (gate)
        {
            return environments.ToArray();
        }
    }

    public void Load(IEnumerable<FakeEnvironment> added)
    {
        lock (gate)
        {
            environments.AddRange(added);
        }
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/models/{model}/environments/{environment}/cancel_promotion", Cancel);
        app.MapPost("/v1/models/{model}/environments/{environment}/force_cancel_promotion", ForceCancel);
        app.MapGet("/v1/models/{model}/environments/{environment}", Get);
        app.MapGet("/v1/models", ListModels);
    }

    private async Task Cancel(HttpContext context, string model, string environment)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        FakeEnvironment? target;
        string? status = null;
        lock (gate)
        {
            target = Find(model, environment);
            if (target?.PromotingDeploymentId is not null)
            {
                // A rolling promotion ramps down; either way a second cancel finds nothing in progress.
                status = target.Rolling ? "RAMPING_DOWN" : "CANCELED";
                target.PromotingDeploymentId = null;
                if (target.Rolling)
                {
                    target.RollingBackUntil = DateTimeOffset.UtcNow + RollbackDuration;
                }
            }
        }

        if (target is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Environment {environment} of model {model} not found.");
        }
        else if (status is null)
        {
            await ErrorAsync(context, 400, "VALIDATION_ERROR", $"Environment {environment} has no in progress promotion.");
        }
        else
        {
            string message = status == "CANCELED"
                ? $"Promotion to {environment} was successfully canceled."
                : $"Promotion to {environment} is being canceled; traffic is ramping down to the previous deployment.";
            await JsonAsync(context, 200, new { status, message });
        }
    }

    private async Task ForceCancel(HttpContext context, string model, string environment)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        FakeEnvironment? target;
        bool success;
        lock (gate)
        {
            target = Find(model, environment);
            success = target is { Rolling: true, PromotingDeploymentId: not null };
            if (success)
            {
                // "Whether the signal was successfully sent": the rollback runs on after the answer.
                target!.PromotingDeploymentId = null;
                target.RollingBackUntil = DateTimeOffset.UtcNow + RollbackDuration;
            }
        }

        if (target is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Environment {environment} of model {model} not found.");
            return;
        }

        await JsonAsync(context, 200, new { success });
    }

    private async Task Get(HttpContext context, string model, string environment)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        FakeEnvironment? target;
        lock (gate)
        {
            target = Find(model, environment);
        }

        if (target is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Environment {environment} of model {model} not found.");
            return;
        }

        await JsonAsync(context, 200, new
        {
            name = target.Name,
            created_at = "2026-10-01T12:00:00Z",
            model_id = target.ModelId,
            current_deployment = new
            {
                id = target.CurrentDeploymentId,
                created_at = "2026-10-01T12:00:00Z",
                name = "deployment-1",
                model_id = target.ModelId,
                is_production = target.Name == "production",
                is_development = target.Name == "development",
                status = target.RollingBackUntil > DateTimeOffset.UtcNow ? "UPDATING" : "ACTIVE",
                active_replica_count = 2,
                environment = target.Name,
            },
            promotion_settings = new { rolling_deploy = target.Rolling },
        });
    }

    /// <summary>"Gets all models" (GET /v1/models): {models: [...]}, as docs.baseten.co shows it, not paged.</summary>
    private async Task ListModels(HttpContext context)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        FakeModel[] all;
        lock (gate)
        {
            all = models.ToArray();
        }

        await JsonAsync(context, 200, new
        {
            models = all.Select(m => new
            {
                id = m.Id,
                created_at = "2026-10-01T12:00:00Z",
                name = m.Name,
                deployments_count = 2,
                production_deployment_id = "qv3mn8w",
                development_deployment_id = (string?)null,
                instance_type_name = "1x4",
            }),
        });
    }

    public void LoadModels(IEnumerable<FakeModel> added)
    {
        lock (gate)
        {
            models.AddRange(added);
        }
    }

    private FakeEnvironment? Find(string model, string environment) =>
        environments.FirstOrDefault(e => e.ModelId == model && e.Name == environment);

    private static async Task<bool> AuthorizeAsync(HttpContext context)
    {
        string header = context.Request.Headers.Authorization.ToString();
        if (header == $"Api-Key {ApiKey}" || header == $"Bearer {ApiKey}")
        {
            return true;
        }

        await ErrorAsync(context, 401, "UNAUTHENTICATED", "Invalid or missing API key.");
        return false;
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new { code, message });

    private static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
