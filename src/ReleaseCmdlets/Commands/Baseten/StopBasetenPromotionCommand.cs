using System.Threading;
using System.Threading.Tasks;
using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>Cancels the promotion of a Baseten model to an environment (default production).</summary>
[Cmdlet(VerbsLifecycle.Stop, "BasetenPromotion", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Stop-BasetenPromotion.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(BasetenPromotion))]
public sealed class StopBasetenPromotionCommand : BasetenCmdlet
{
    /// <summary>Baseten documents no polling interval; its rate limit (100 requests/s per key) leaves room for this.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const string ByInputObject = "InputObject";

    private static readonly PipedObjectRules Piping = new(
        typeof(BasetenPromotion),
        "Baseten",
        new[]
        {
            new[] { new[] { "ModelId", "model_id" } },
            new[] { new[] { "ModelName", "model_name" } },
        },
        place: null,
        new[] { "Environment", "env_name", "environment_name" });

    private readonly CancelRunSettings stop = new();
    private CancelRun? cancels;

    /// <summary>A promotion written by Get-BasetenPromotion or Stop-BasetenPromotion: its model and environment, at the URL it was listed from.</summary>
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.InputObject, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    public ReleaseInfo? InputObject { get; set; }

    /// <summary>Any piped object as it came, whatever else it bound: checked before its target is cancelled (PipedObjectRules).</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? PipedObject { get; set; }

    /// <summary>The environment the promotion goes to; default production.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("env_name", "environment_name")]
    [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Environment { get; set; } = "production";

    /// <summary>Roll a rolling promotion back at once (force_cancel_promotion) instead of ramping it down.</summary>
    [Parameter]
    public SwitchParameter Immediate { get; set; }

    /// <summary>
    /// Wait until the rollback is done (the environment's deployment no longer changing), for at most -TimeoutSec
    /// seconds in all; for a RAMPING_DOWN cancel or an -Immediate one.
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Why the targets are cancelled. Baseten has no field for it, so it goes only to the verbose log, the CI summary and annotations.</summary>
    [Parameter]
    public string? Reason { get => stop.Reason; set => stop.Reason = value; }

    /// <summary>Cancel only what is in flight: a target that exists with nothing in flight is a verbose line, not an error (one that does not exist still is).</summary>
    [Parameter]
    public SwitchParameter IfInFlight { get => stop.OnlyIfInFlight; set => stop.OnlyIfInFlight = value; }

    /// <summary>How many cancels may be in flight at once; results keep the input order.</summary>
    [Parameter]
    [ValidateRange(1, RequestSettings.MaximumConcurrentRequests)]
    public int ThrottleLimit { get => stop.MaximumInFlight; set => stop.MaximumInFlight = value; }

    private CancelRun Cancels => cancels ??= StartCancels(stop);

    protected override void Process()
    {
        if (Cancels.Refusal(Piping, PipedObject, InputObject, Client.BaseUrl) is { } refused)
        {
            Perform(refused);
            return;
        }

        if (PipedObjectRules.Listed<BasetenPromotion>(PipedObject, InputObject) is BasetenPromotion listed)
        {
            CancelListed(listed);
            return;
        }

        foreach ((string model, bool byName) in Models())
        {
            CancelPromotion(model, byName);
        }
    }

    /// <summary>A listed promotion, in its own environment: an -Environment passed that names another is refused, not obeyed.</summary>
    private void CancelListed(BasetenPromotion promotion)
    {
        if (Arguments.Bound(nameof(Environment)) && !string.Equals(Environment, promotion.Environment, StringComparison.Ordinal))
        {
            Perform(Cancels.Refuse(
                promotion,
                ErrorIds.ConflictingTargets,
                $"The promotion of model {promotion.ModelId} is to environment '{promotion.Environment}', but -Environment names '{Environment}': pass one or the other."));
            return;
        }

        CancelPromotion(promotion.ModelId, byName: false, environment: promotion.Environment, target: promotion);
    }

    private void CancelPromotion(string model, bool byName, string? environment = null, object? target = null)
    {
        string? name = byName ? model : (target as BasetenPromotion)?.Model;
        (string asked, string action, Func<CancellationToken, Task<BasetenPromotion>> cancel) = Plan(Cancels.Waiter, Client, model, byName, name, environment ?? Environment, Immediate, Wait);
        Perform(Cancels.Cancel(asked, target ?? model, cancel, action));
    }

    /// <summary>
    /// One promotion's cancel (here and in Stop-InFlightRelease): the text -WhatIf names it by, the action, and the
    /// cancel (the model's id looked up first when named by name; with <paramref name="wait"/>, until rolled back).
    /// </summary>
    internal static (string Asked, string Action, Func<CancellationToken, Task<BasetenPromotion>> Cancel) Plan(
        FinalStateWaiter waiter, BasetenClient client, string model, bool byName, string? name, string environment, bool immediate, bool wait)
    {
        string named = byName ? $"named '{model}'" : name is null ? model : $"'{name}' ({model})";
        return (
            $"Baseten promotion of model {named} to {environment} at {HostOf(client.BaseUrl)}",
            immediate ? "Cancel immediately, rolling back at once" : "Cancel",
            async token =>
            {
                string modelId = byName ? await client.FindModelIdAsync(model, token).ConfigureAwait(false) : model;
                BasetenPromotion promotion = immediate
                    ? await client.ForceCancelPromotionAsync(modelId, environment, token).ConfigureAwait(false)
                    : await client.CancelPromotionAsync(modelId, environment, token).ConfigureAwait(false);
                promotion.Model ??= name;
                return wait
                    ? await waiter.WaitAsync(promotion, $"Waiting for Baseten to roll {modelId} back in {environment}", PollInterval, client.WaitForRollbackAsync, token).ConfigureAwait(false)
                    : promotion;
            });
    }
}
