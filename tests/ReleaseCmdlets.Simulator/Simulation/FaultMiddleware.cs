namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>Records every service request in the ledger, then applies the first matching fault, if any.</summary>
public sealed class FaultMiddleware(RequestDelegate next, Ledger ledger, FaultSwitchboard faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/_sim"))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        string body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        FaultRule? fault = faults.Take(context.Request.Method, context.Request.Path.Value ?? "");
        ledger.Record(context.Request, body, fault?.ToString());
        if (fault is null)
        {
            await next(context);
            return;
        }

        if (fault.DelayMs > 0)
        {
            try
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (fault.Drop)
        {
            context.Abort();
            return;
        }

        if (fault.Status is not int status)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = status;
        foreach (var header in fault.Headers ?? new())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (fault.Body is not null)
        {
            context.Response.ContentType = fault.ContentType ?? "application/json";
            await context.Response.WriteAsync(fault.Body);
        }
    }
}
