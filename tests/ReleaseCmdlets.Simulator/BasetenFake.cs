using System.Text.Json;

namespace ReleaseCmdlets.Simulator;

public sealed class FakeEnvironment
{
    public string ModelId { get; set; } = "";
    public string Name { get; set; } = "production";
    /// <summary>The deployment the environment serves; during a promotion, still the previous one (ACTIVE).</summary>
    public string CurrentDeploymentId { get; set; } = "qv3mn8w";
    /// <summary>The candidate of the promotion in progress (EnvironmentV1.candidate_deployment); null: none.</summary>
    public string? PromotingDeploymentId { get; set; }
    /// <summary>A rolling promotion ramps traffic up (RAMPING_UP) and, when cancelled, down (RAMPING_DOWN).</summary>
    public bool Rolling { get; set; }
    /// <summary>Traffic on the candidate while the promotion ramps up.</summary>
    public int PercentToCandidate { get; set; } = 40;
    /// <summary>The promotion's status before any cancel: RELEASING (or RAMPING_UP when rolling) unless a test says otherwise.</summary>
    public string? PromotionStatus { get; set; }

    /// <summary>The promotion completes instead of rolling back (someone rolled it forward): the candidate ends up serving.</summary>
    public bool CompletesInstead { get; set; }

    /// <summary>When a cancel started the ramp down, and when it ends (then the promotion is gone).</summary>
    public DateTimeOffset? RampDownFrom { get; set; }
    public DateTimeOffset? RampDownUntil { get; set; }
}

public sealed class FakeModel
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
}

/// <summary>
/// Baseten's management API for promotions, shaped as its official OpenAPI spec defines it
/// (basetenlabs/baseten-go internal/tools/apigen/specs/management.json, vendored in tests/Contracts/Baseten and checked
/// by the contract tests): EnvironmentV1 with candidate_deployment and in_progress_promotion (status, traffic percent),
/// CancelPromotionResponseV1 (CANCELED, or RAMPING_DOWN for a rolling promotion), SignalPromotionResponseV1 for
/// force_cancel_promotion, ModelsV1. A cancelled rolling promotion ramps down over <see cref="RollbackDuration"/>
/// (in_progress_promotion RAMPING_DOWN, traffic falling to 0) and is then gone; the environment's current deployment
/// stays the previous one, ACTIVE, throughout. Not in the spec, and so choices of this fake: 400 VALIDATION_ERROR when
/// nothing is in progress (docs.baseten.co's example), force_cancel of a promotion that is not rolling answering
/// success false, a cancel during a ramp down answering RAMPING_DOWN again, {code, message} errors.
/// </summary>
public sealed partial class BasetenFake
{
    public const string ApiKey = "bt-sim-key-4Lq9vZ";
    public const string Model = "abc123xy";
    public const string RollingModel = "roll456z";

    private readonly object gate = new();
    private List<FakeEnvironment> environments = new();
    private List<FakeModel> models = new();

    /// <summary>How long the rollback after cancelling a rolling promotion takes (force_cancel answers before it ends).</summary>
    public TimeSpan RollbackDuration { get; set; } = TimeSpan.FromSeconds(3);

    private readonly TimeProvider clock;

    public BasetenFake(TimeProvider clock)
    {
        this.clock = clock;
        Reset();
    }

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

    /// <summary>Ends every rollback under way now: a test on a virtual clock says when the service is done.</summary>
    public void EndRollbacks()
    {
        lock (gate)
        {
            foreach (FakeEnvironment environment in environments.Where(environment => environment.RampDownUntil is not null))
            {
                environment.RampDownUntil = clock.GetUtcNow();
            }
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
        app.MapGet("/v1/models/{model}/environments", List);
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
            if (target is not null && InProgress(target, clock.GetUtcNow()) is { } promotion)
            {
                status = target.Rolling ? "RAMPING_DOWN" : "CANCELED";
                if (!target.Rolling)
                {
                    target.PromotingDeploymentId = null;
                }
                else if (promotion.Status != "RAMPING_DOWN")
                {
                    StartRampDown(target);
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
        bool success = false;
        lock (gate)
        {
            target = Find(model, environment);
            if (target is { Rolling: true } && InProgress(target, clock.GetUtcNow()) is { } promotion)
            {
                // "Whether the signal was successfully sent": the rollback runs on after the answer.
                success = true;
                if (promotion.Status != "RAMPING_DOWN")
                {
                    StartRampDown(target);
                }
            }
        }

        if (target is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Environment {environment} of model {model} not found.");
            return;
        }

        await JsonAsync(context, 200, new { success });
    }

    private void StartRampDown(FakeEnvironment target)
    {
        target.RampDownFrom = clock.GetUtcNow();
        target.RampDownUntil = clock.GetUtcNow() + RollbackDuration;
    }

    /// <summary>The promotion in progress as InProgressPromotionV1 shows it, or null when there is none (any more).</summary>
    private static (string Status, int Percent)? InProgress(FakeEnvironment target, DateTimeOffset now)
    {
        if (target.PromotingDeploymentId is null)
        {
            return null;
        }

        if (target.RampDownUntil is DateTimeOffset until && target.RampDownFrom is DateTimeOffset from)
        {
            if (now >= until)
            {
                if (target.CompletesInstead)
                {
                    target.CurrentDeploymentId = target.PromotingDeploymentId;
                }

                target.PromotingDeploymentId = null;
                target.RampDownFrom = target.RampDownUntil = null;
                return null;
            }

            double left = (until - now).TotalMilliseconds / Math.Max(1, (until - from).TotalMilliseconds);
            return ("RAMPING_DOWN", (int)Math.Ceiling(target.PercentToCandidate * left));
        }

        return (target.PromotionStatus ?? (target.Rolling ? "RAMPING_UP" : "RELEASING"), target.Rolling ? target.PercentToCandidate : 0);
    }

    private async Task Get(HttpContext context, string model, string environment)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        Dictionary<string, object?>? found;
        lock (gate)
        {
            found = Find(model, environment) is { } target ? Environment(target) : null;
        }

        if (found is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Environment {environment} of model {model} not found.");
            return;
        }

        await JsonAsync(context, 200, found);
    }

    /// <summary>EnvironmentsV1: every environment of the model.</summary>
    private async Task List(HttpContext context, string model)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        List<Dictionary<string, object?>> found;
        bool known;
        lock (gate)
        {
            found = environments.Where(e => e.ModelId == model).Select(Environment).ToList();
            known = found.Count > 0 || models.Any(m => m.Id == model);
        }

        if (!known)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"Model {model} not found.");
            return;
        }

        await JsonAsync(context, 200, new { environments = found });
    }

    /// <summary>EnvironmentV1 as the spec defines it; under the gate.</summary>
    private Dictionary<string, object?> Environment(FakeEnvironment target)
    {
        (string Status, int Percent)? promotion = InProgress(target, clock.GetUtcNow());
        string? candidate = target.PromotingDeploymentId;
        return new Dictionary<string, object?>
        {
            ["name"] = target.Name,
            ["created_at"] = "2026-10-01T12:00:00Z",
            ["model_id"] = target.ModelId,
            ["current_deployment"] = Deployment(target, target.CurrentDeploymentId, "ACTIVE", target.Name),
            ["candidate_deployment"] = candidate is null ? null : Deployment(target, candidate, target.Rolling ? "ACTIVE" : "DEPLOYING", null),
            ["in_progress_promotion"] = promotion is not { } p ? null : new Dictionary<string, object?>
            {
                ["status"] = p.Status,
                ["percent_traffic_to_new_version"] = p.Percent,
                ["error_message"] = null,
                ["rolling_deploy"] = target.Rolling,
            },
            ["autoscaling_settings"] = Autoscaling(),
            ["promotion_settings"] = new Dictionary<string, object?>
            {
                ["redeploy_on_promotion"] = false,
                ["rolling_deploy"] = target.Rolling,
                ["promotion_cleanup_strategy"] = "SCALE_TO_ZERO",
                ["rolling_deploy_config"] = null,
                ["ramp_up_while_promoting"] = target.Rolling,
                ["ramp_up_duration_seconds"] = 600,
            },
            ["instance_type"] = new Dictionary<string, object?>
            {
                ["id"] = "1x4", ["name"] = "1x4", ["memory_limit_mib"] = 4096, ["millicpu_limit"] = 1000,
                ["gpu_count"] = 0, ["gpu_type"] = null, ["gpu_memory_limit_mib"] = null,
            },
        };
    }

    /// <summary>DeploymentV1, with every member the spec requires.</summary>
    private static Dictionary<string, object?> Deployment(FakeEnvironment target, string id, string status, string? environment) => new()
    {
        ["id"] = id,
        ["created_at"] = "2026-10-01T12:00:00Z",
        ["name"] = $"deployment-{id}",
        ["model_id"] = target.ModelId,
        ["is_production"] = environment == "production",
        ["is_development"] = environment == "development",
        ["status"] = status,
        ["active_replica_count"] = 2,
        ["autoscaling_settings"] = Autoscaling(),
        ["instance_type_name"] = "1x4",
        ["environment"] = environment,
    };

    private static Dictionary<string, object?> Autoscaling() => new()
    {
        ["min_replica"] = 1, ["max_replica"] = 2, ["autoscaling_window"] = 60, ["scale_down_delay"] = 900,
        ["concurrency_target"] = 1, ["target_utilization_percentage"] = 70,
    };

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
                team_name = "Default",
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
