namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The handler chain of one service client, over the process-wide primary handlers of <see cref="HttpStack"/> (so
/// connection pools are shared). One concern per handler, outermost first: retries, then per attempt the service's own
/// handler (Cloud Foundry renews its token there), the log line (-Verbose only), the time limit, the bounded body and
/// the service's quota (a service with one only). Each handler is given what it needs of the service and the command
/// here, once; the request carries only its <see cref="RequestContext"/>.
/// </summary>
internal static class ClientPipeline
{
    public static HttpClient Create(ServiceDescription service, Uri baseUrl, RequestSettings settings, bool compressed, DelegatingHandler? serviceHandler)
    {
        // Never disposed: disposing a chain would dispose the shared primary handler under every other client.
        var client = new HttpClient(Chain(service, baseUrl, settings, compressed, serviceHandler), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", HttpStack.UserAgent);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json");
        return client;
    }

    internal static HttpMessageHandler Chain(ServiceDescription service, Uri baseUrl, RequestSettings settings, bool compressed, DelegatingHandler? serviceHandler)
    {
        HttpMessageHandler chain = HttpStack.PrimaryHandler(settings.SkipCertificateCheck, compressed);
        if (service.Quota is RateQuota quota)
        {
            chain = new BudgetHandler(service, quota, baseUrl, settings) { InnerHandler = chain };
        }

        chain = new BoundedBodyHandler { InnerHandler = chain };
        chain = new AttemptTimeoutHandler(settings) { InnerHandler = chain };
        if (settings.Log.VerboseEnabled)
        {
            chain = new AttemptLogHandler(settings) { InnerHandler = chain };
        }

        if (serviceHandler is not null)
        {
            serviceHandler.InnerHandler = chain;
            chain = serviceHandler;
        }

        return new RetryHandler(service.Retries, settings) { InnerHandler = chain };
    }
}
