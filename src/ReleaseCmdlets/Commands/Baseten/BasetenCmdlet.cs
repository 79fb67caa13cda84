using System.Linq;
using System.Security;
using ReleaseCmdlets.Engine.Baseten;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What both Baseten cmdlets share: the model by id or by name, the API and key (-Url, else BASETEN_BASE_URL, default
/// https://api.baseten.co; -ApiKey, else BASETEN_API_KEY), the client made from them, and what a refused key needs.
/// </summary>
public abstract class BasetenCmdlet : ServiceCmdlet
{
    public const string UrlVariable = "BASETEN_BASE_URL";
    public const string ApiKeyVariable = "BASETEN_API_KEY";
    protected const string ById = "ModelId";
    protected const string ByName = "ModelName";

    [Parameter(Mandatory = true, HelpMessage = Help.ModelId, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("model_id")]
    [TextOnlyTransformation]
    [ValidateNotNullOrEmpty]
    public string[] ModelId { get; set; } = Array.Empty<string>();

    /// <summary>The model's name: its id is looked up in Baseten's models listing (several of that name: pass -ModelId).</summary>
    [Parameter(Mandatory = true, HelpMessage = Help.ModelName, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [Alias("model_name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string ModelName { get; set; } = "";

    /// <summary>The management API; default $env:BASETEN_BASE_URL, else https://api.baseten.co.</summary>
    [Parameter]
    public string? Url { get; set; }

    /// <summary>A Baseten API key; default $env:BASETEN_API_KEY.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    private protected BasetenClient Client { get; private set; } = null!;

    private protected override Uri ServiceBaseUrl => Client.BaseUrl;

    private protected override string Provider => "Baseten";

    protected override string PermissionAdvice => KeyAdvice;

    /// <summary>What the credential must be allowed to cancel (said on a 403, here and in Stop-InFlightRelease).</summary>
    internal const string KeyAdvice = "Use an API key of the Baseten workspace that owns the model (a workspace key, or a personal key of a member).";

    /// <summary>The models named, each with whether it was named by its name.</summary>
    protected IEnumerable<(string Model, bool ByName)> Models() =>
        ParameterSetName == ByName ? new[] { (ModelName, true) } : ModelId.Select(id => (id, false));

    protected override void Connect()
    {
        Uri baseUrl = Connection.Url(Url, "Url", UrlVariable, BasetenClient.DefaultUrl.AbsoluteUri);
        var key = Connection.Secret(ApiKey, "ApiKey", ApiKeyVariable);
        Connection.RequireSafeTransport(baseUrl);
        Client = new BasetenClient(baseUrl, key, Connection.RequestSettings);
        if (Arguments.Bound(nameof(ApiKey)))
        {
            RememberGiven(Provider, baseUrl, key);
        }
    }

    /// <summary>What PowerShell shows when it prompts for a missing mandatory parameter of the service's cmdlets ("!?").</summary>
    internal static class Help
    {
        public const string ModelId = "The id of the Baseten model, such as abc123xy.";

        public const string ModelName = "The name of the Baseten model.";
    }
}
