using System.Security;
using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>Shows the promotions in progress to the environments of Baseten models.</summary>
[Cmdlet(VerbsCommon.Get, "BasetenPromotion", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-BasetenPromotion.md", DefaultParameterSetName = ById)]
[OutputType(typeof(BasetenPromotion))]
public sealed class GetBasetenPromotionCommand : ServiceCmdlet
{
    private const string ById = "ModelId";
    private const string ByName = "ModelName";

    private BasetenClient? client;

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.ModelId, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("model_id")]
    [TextOnlyTransformation]
    [ValidateNotNullOrEmpty]
    public string[] ModelId { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, HelpMessage = HelpMessages.ModelName, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [Alias("model_name")]
    [ValidateNotNullOrEmpty]
    public string ModelName { get; set; } = "";

    /// <summary>Only this environment; default every environment of the model.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("env_name", "environment_name")]
    [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    /// <summary>Also the environments with no promotion in progress (Status empty).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    [Parameter]
    public string? Url { get; set; }

    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    protected override string PermissionAdvice => "Use an API key of the Baseten workspace that owns the model (a workspace key, or a personal key of a member).";

    protected override void Connect() => client = BasetenConnection.Connect(this, Url, ApiKey);

    protected override void Process()
    {
        string? environment = string.IsNullOrEmpty(Environment) ? null : Environment;
        bool inProgressOnly = !All;
        foreach (string model in ParameterSetName == ByName ? new[] { ModelName } : ModelId)
        {
            bool byName = ParameterSetName == ByName;
            try
            {
                string modelId = byName ? Invoke(token => client!.FindModelIdAsync(model, token)) : model;
                foreach (BasetenPromotion promotion in Invoke(token => client!.GetPromotionsAsync(modelId, environment, inProgressOnly, token)))
                {
                    WriteRelease(promotion);
                }
            }
            catch (ServiceException failure)
            {
                WriteServiceError(failure, model);
            }
        }
    }
}
