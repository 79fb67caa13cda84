using System.Linq;
using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>Shows the promotions in progress to the environments of Baseten models (of every model when none is named).</summary>
[Cmdlet(VerbsCommon.Get, "BasetenPromotion", HelpUri = "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/Get-BasetenPromotion.md", DefaultParameterSetName = InWorkspace)]
[OutputType(typeof(BasetenPromotion))]
public sealed class GetBasetenPromotionCommand : BasetenCmdlet
{
    /// <summary>No model named: every model of the workspace (no parameter of its own).</summary>
    private const string InWorkspace = "Workspace";

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
        if (ParameterSetName == InWorkspace)
        {
            WriteWorkspace(environment, inProgressOnly);
            return;
        }

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

    /// <summary>
    /// Every model of the workspace (one request), then each one's environments, written model by model as they are
    /// read, each promotion naming its model. With -Environment, only that environment's promotions (the same one request
    /// per model: a model without that environment has none, and is no error).
    /// </summary>
    private void WriteWorkspace(string? environment, bool inProgressOnly)
    {
        if (MyInvocation.ExpectingInput)
        {
            Report(ErrorRecords.Setup(ErrorIds.UnrelatedInputObject, "A piped input names no model (ModelId or ModelName); to list every model of the workspace, run Get-BasetenPromotion without input.", ErrorCategory.InvalidArgument));
            return;
        }

        IReadOnlyList<BasetenModel> models;
        try
        {
            models = Invoke(Client.ListModelsAsync);
        }
        catch (ServiceException failure)
        {
            WriteServiceError(failure, "models");
            return;
        }

        WriteFromEach(models, $"Reading the environments of the {models.Count} Baseten models", model => model.Name ?? model.Id, async (model, token) =>
        {
            IReadOnlyList<BasetenPromotion> promotions = await Client.GetPromotionsAsync(model.Id, null, inProgressOnly, token).ConfigureAwait(false);
            foreach (BasetenPromotion promotion in promotions)
            {
                promotion.Model = model.Name;
            }

            return environment is null ? promotions : promotions.Where(promotion => string.Equals(promotion.Environment, environment, StringComparison.Ordinal)).ToList();
        });
    }
}
