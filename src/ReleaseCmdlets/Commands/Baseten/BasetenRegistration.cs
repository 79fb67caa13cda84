using ReleaseCmdlets.Baseten;
using ReleaseCmdlets.Engine.Baseten;
using ReleaseCmdlets.Engine.Http;

namespace ReleaseCmdlets.Commands;

/// <summary>Baseten promotions in Stop-InFlightRelease: cancelled as Stop-BasetenPromotion cancels a listed one (not -Immediate).</summary>
internal sealed class BasetenRegistration : ServiceRegistration
{
    private static readonly ConfiguredBy Environment = new(
        BasetenCmdlet.UrlVariable, BasetenClient.DefaultUrl.AbsoluteUri, BasetenCmdlet.ApiKeyVariable, "Get-BasetenPromotion -Url <url> -ApiKey <key>");

    public override int Added => 4;

    public override string ListCmdlet => "Get-BasetenPromotion";

    public override ServiceDescription Description => BasetenService.Description;

    public override IReadOnlyList<string> Variables { get; } = new[] { BasetenCmdlet.UrlVariable, BasetenCmdlet.ApiKeyVariable };

    public override Type ObjectType => typeof(BasetenPromotion);

    public override string Provider => "Baseten";

    public override string PermissionAdvice => BasetenCmdlet.KeyAdvice;

    public override InFlightConnection Connect(SiteCredentials credentials, CancelSite site)
    {
        Secret key = credentials.Connection.Secrets.Remember(credentials.For(site, Environment, () => credentials.Connection.Arguments.Secret(null, "ApiKey", BasetenCmdlet.ApiKeyVariable)));
        var client = new BasetenClient(site.BaseUrl, key, credentials.Connection.RequestSettings);
        return new InFlightConnection(site, (stop, listed) =>
        {
            var promotion = (BasetenPromotion)listed;
            var (asked, action, cancel) = StopBasetenPromotionCommand.Plan(stop.Waiter, client, promotion.ModelId, byName: false, promotion.Model, promotion.Environment, immediate: false, stop.Wait);
            stop.CancelAt(site, asked, promotion, cancel, action);
        });
    }
}
