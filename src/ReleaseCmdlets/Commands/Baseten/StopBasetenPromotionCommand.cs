using System.Threading.Tasks;
using System.Security;
using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>Cancels the promotion of a Baseten model to an environment (default production).</summary>
[Cmdlet(VerbsLifecycle.Stop, "BasetenPromotion", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Stop-BasetenPromotion.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ById)]
[OutputType(typeof(BasetenPromotion))]
public sealed class StopBasetenPromotionCommand : StopCmdlet
{
    /// <summary>Baseten documents no polling interval; its rate limit (100 requests/s per key) leaves room for this.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const string ById = "ModelId";
    private const string ByName = "ModelName";

    private BasetenClient? client;

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.ModelId, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("model_id")]
    [TextOnlyTransformation]
    [ValidateNotNullOrEmpty]
    public string[] ModelId { get; set; } = Array.Empty<string>();

    /// <summary>The model's name: its id is looked up in Baseten's models listing (several of that name: pass -ModelId).</summary>
    [Parameter(Mandatory = true, HelpMessage = HelpMessages.ModelName, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [Alias("model_name")]
    [ValidateNotNullOrEmpty]
    public string ModelName { get; set; } = "";

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

    /// <summary>The management API; default https://api.baseten.co.</summary>
    [Parameter]
    public string? Url { get; set; }

    /// <summary>A Baseten API key; default $env:BASETEN_API_KEY.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    protected override string PermissionAdvice => "Use an API key of the Baseten workspace that owns the model (a workspace key, or a personal key of a member).";

    protected override void Connect() => client = BasetenConnection.Connect(this, Url, ApiKey);

    protected override void Process()
    {
        if (ParameterSetName == ByName)
        {
            CancelPromotion(ModelName, byName: true);
            return;
        }

        foreach (string modelId in ModelId)
        {
            CancelPromotion(modelId, byName: false);
        }
    }

    private void CancelPromotion(string model, bool byName)
    {
        string environment = Environment;
        bool immediate = Immediate;
        Cancel(
            $"Baseten promotion of model {(byName ? $"named '{model}'" : model)} to {environment} at {HostOf(client!.BaseUrl)}",
            model,
            async token =>
            {
                string modelId = byName ? await client.FindModelIdAsync(model, token).ConfigureAwait(false) : model;
                BasetenPromotion promotion = immediate
                    ? await client.ForceCancelPromotionAsync(modelId, environment, token).ConfigureAwait(false)
                    : await client.CancelPromotionAsync(modelId, environment, token).ConfigureAwait(false);
                return Wait
                    ? await WaitUntilFinalAsync(promotion, $"Waiting for Baseten to roll {modelId} back in {environment}", PollInterval, client.WaitForRollbackAsync, token).ConfigureAwait(false)
                    : promotion;
            },
            immediate ? "Cancel immediately, rolling back at once" : "Cancel");
    }
}
