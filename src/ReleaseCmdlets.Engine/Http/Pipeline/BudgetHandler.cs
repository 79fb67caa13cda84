using System.Linq;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Paces each attempt by the request budget of its service, host and credential (<see cref="RequestBudget"/>): it waits
/// for its turn (saying so as progress and, with -Verbose, why), and the answer's rate-limit headers update the budget.
/// </summary>
internal sealed class BudgetHandler : DelegatingHandler
{
    private readonly ServiceDescription service;
    private readonly RateQuota quota;
    private readonly Uri baseUrl;
    private readonly RequestSettings settings;
    private BudgetEntry? lastUsed;

    /// <summary>Only in the chain of a service with a documented quota.</summary>
    public BudgetHandler(ServiceDescription service, RateQuota quota, Uri baseUrl, RequestSettings settings)
    {
        this.service = service;
        this.quota = quota;
        this.baseUrl = baseUrl;
        this.settings = settings;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestBudget budget = BudgetFor(request);
        if (!budget.TryTakeTurn(out DateTimeOffset turn))
        {
            turn = await WaitTurnAsync(budget, RequestContext.Of(request).Left(), request, settings.Log, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            budget.Observe(response, turn);
            return response;
        }
        finally
        {
            budget.Done();
        }
    }

    /// <summary>
    /// The budget of this service, host and credential (the attempt's credential header, which a renewal may have
    /// changed since the last attempt), looked up once per credential.
    /// </summary>
    private RequestBudget BudgetFor(HttpRequestMessage request)
    {
        string? credential = request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.FirstOrDefault()
            : request.Headers.TryGetValues("X-Auth-Key", out var key) ? key.FirstOrDefault()
            : null;
        BudgetEntry? cached = lastUsed;
        if (cached is not null && string.Equals(cached.Credential, credential, StringComparison.Ordinal))
        {
            return cached.Budget;
        }

        RequestBudget found = RequestBudget.For(service.Name, baseUrl, service.CountedAs(credential), quota, settings.Clock);
        lastUsed = new BudgetEntry(credential, found);
        return found;
    }

    private static async Task<DateTimeOffset> WaitTurnAsync(RequestBudget budget, TimeSpan? left, HttpRequestMessage request, IRequestLog log, CancellationToken token)
    {
        bool waited = false;
        try
        {
            return await budget.WaitTurnAsync(
                left,
                (wait, until, source) =>
                {
                    waited = true;
                    string status = $"{request.RequestUri!.Host}: the next request is allowed at {until.ToUniversalTime():HH:mm:ss} UTC ({wait.TotalSeconds:0.0} s), as the {source} say";
                    log.Waiting(status, until);
                    if (log.VerboseEnabled)
                    {
                        log.Verbose($"{AttemptLogHandler.Describe(request)} waits {wait.TotalSeconds:0.0} s for the request budget, paced by the {source}.");
                    }
                },
                token).ConfigureAwait(false);
        }
        finally
        {
            if (waited)
            {
                log.Waiting(null, default);
            }
        }
    }

    private sealed class BudgetEntry
    {
        public BudgetEntry(string? credential, RequestBudget budget)
        {
            Credential = credential;
            Budget = budget;
        }

        public string? Credential { get; }

        public RequestBudget Budget { get; }
    }
}
