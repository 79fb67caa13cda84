using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>Shows the promotions in progress to the environments of Baseten models.</summary>
[Cmdlet(VerbsCommon.Get, "BasetenPromotion", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-BasetenPromotion.md", DefaultParameterSetName = ById)]
[OutputType(typeof(BasetenPromotion))]
public sealed class GetBasetenPromotionCommand : BasetenCmdlet
{
    /// <summary>Only this environment; default every environment of the model.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("env_name", "environment_name")]
    [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    /// <summary>Also the environments with no promotion in progress (Status empty).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void Process()
    {
        string? environment = string.IsNullOrEmpty(Environment) ? null : Environment;
        bool inProgressOnly = !All;
        foreach ((string model, bool byName) in Models())
        {
            try
            {
                string modelId = byName ? Invoke(token => Client.FindModelIdAsync(model, token)) : model;
                foreach (BasetenPromotion promotion in Invoke(token => Client.GetPromotionsAsync(modelId, environment, inProgressOnly, token)))
                {
                    promotion.Model = byName ? model : null;
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
