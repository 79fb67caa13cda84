namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// Paces each attempt by the request budget of its service, host and credential (<see cref="RequestBudget"/>): it waits
/// for its turn (saying so as progress and, with -Verbose, why), and the answer's rate-limit headers update the budget.
/// </summary>
internal sealed class BudgetHandler : DelegatingHandler
{
    // A service without a quota passes straight through: no async frame per request.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestContext context = RequestContext.Of(request);
        return context.Budget is RequestBudget budget ? PacedAsync(request, context, budget, cancellationToken) : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> PacedAsync(HttpRequestMessage request, RequestContext context, RequestBudget budget, CancellationToken cancellationToken)
    {
        if (!budget.TryTakeTurn(out DateTimeOffset turn))
        {
            turn = await WaitTurnAsync(budget, context.Left(), request, context.Settings.Log, cancellationToken).ConfigureAwait(false);
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
}
