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

    /// <summary>How many cancels may be in flight at once; results keep the input order.</summary>
    [Parameter]
    [ValidateRange(1, RequestSettings.MaximumConcurrentRequests)]
    public int ThrottleLimit { get => MaximumInFlight; set => MaximumInFlight = value; }

    protected override void Process()
    {
        foreach ((string model, bool byName) in Models())
        {
            CancelPromotion(model, byName);
        }
    }

    private void CancelPromotion(string model, bool byName)
    {
        string environment = Environment;
        bool immediate = Immediate;
        Cancel(
            $"Baseten promotion of model {(byName ? $"named '{model}'" : model)} to {environment} at {HostOf(Client.BaseUrl)}",
            model,
            async token =>
            {
                string modelId = byName ? await Client.FindModelIdAsync(model, token).ConfigureAwait(false) : model;
                BasetenPromotion promotion = immediate
                    ? await Client.ForceCancelPromotionAsync(modelId, environment, token).ConfigureAwait(false)
                    : await Client.CancelPromotionAsync(modelId, environment, token).ConfigureAwait(false);
                return Wait
                    ? await WaitUntilFinalAsync(promotion, $"Waiting for Baseten to roll {modelId} back in {environment}", PollInterval, Client.WaitForRollbackAsync, token).ConfigureAwait(false)
                    : promotion;
            },
            immediate ? "Cancel immediately, rolling back at once" : "Cancel");
    }
}
