namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// Records every service request in the ledger, then applies the first matching fault, if any. A fault either answers
/// instead of the service (the request never reaches it), or, with <see cref="FaultRule.AfterService"/>, lets the
/// service handle the request and then loses or replaces its answer (the change landed, the caller cannot know), or
/// stalls the service's body part-way (<see cref="FaultRule.StallAfterBytes"/>).
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, Ledger ledger, FaultSwitchboard faults, SimulatorClock clock)
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
        (int there, int back) = faults.NextLatency();
        if (there > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(there), clock, context.RequestAborted);
        }

        // The answer is made from here to its first byte (a step of virtual time waits for it, or holds it back),
        // then spends the way back on the network.
        IDisposable answer = await clock.AnswerAsync(context.RequestAborted);
        context.Response.OnStarting(() =>
        {
            answer.Dispose();
            return back > 0 ? Task.Delay(TimeSpan.FromMilliseconds(back), clock) : Task.CompletedTask;
        });
        try
        {
            FaultRule? fault = faults.Take(context.Request.Method, context.Request.Path.Value ?? "");
            ledger.Record(context.Request, body, fault?.ToString());
            if (fault is null)
            {
                await next(context);
                return;
            }

            if (fault.DelayMs > 0 && fault.StallAfterBytes is null)
            {
                // A service that takes its time makes no answer meanwhile: a step of virtual time need not wait for it.
                answer.Dispose();
                if (!await DelayAsync(fault.DelayMs, context))
                {
                    return;
                }

                answer = await clock.AnswerAsync(context.RequestAborted);
            }

            await ApplyAsync(context, fault);
        }
        finally
        {
            answer.Dispose();
        }
    }

    /// <summary>Answers as the fault says: after the service, dropped, with headers added, or instead of the service.</summary>
    private async Task ApplyAsync(HttpContext context, FaultRule fault)
    {
        if (fault.AfterService || fault.StallAfterBytes is not null)
        {
            await AfterServiceAsync(context, fault);
            return;
        }

        if (fault.Drop)
        {
            context.Abort();
            return;
        }

        if (fault.Status is null)
        {
            if (fault.Headers is { Count: > 0 } added)
            {
                context.Response.OnStarting(() =>
                {
                    foreach (var header in added)
                    {
                        context.Response.Headers[header.Key] = header.Value;
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context);
            return;
        }

        await ReplaceAnswerAsync(context, fault);
    }

    /// <summary>The service handles the request into a buffer; then its answer is dropped, replaced, or sent with a stall.</summary>
    private async Task AfterServiceAsync(HttpContext context, FaultRule fault)
    {
        Stream wire = context.Response.Body;
        using var answer = new MemoryStream();
        context.Response.Body = answer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = wire;
        }

        if (fault.StallAfterBytes is int stallAt)
        {
            byte[] bytes = answer.ToArray();
            int head = Math.Min(stallAt, bytes.Length);
            context.Response.ContentLength = bytes.Length;
            await wire.WriteAsync(bytes.AsMemory(0, head), context.RequestAborted);
            await wire.FlushAsync(context.RequestAborted);
            if (fault.DripMs is int drip)
            {
                // A byte of white space now and then, for ever: alive, but never another element.
                try
                {
                    while (await DelayAsync(drip, context))
                    {
                        await wire.WriteAsync(" "u8.ToArray(), context.RequestAborted);
                        await wire.FlushAsync(context.RequestAborted);
                    }
                }
                catch (Exception gone) when (gone is OperationCanceledException or IOException)
                {
                }

                return;
            }

            if (fault.DelayMs < 0)
            {
                // Holds the socket open without a byte until the caller gives up.
                await DelayAsync(Timeout.Infinite, context);
                return;
            }

            if (await DelayAsync(fault.DelayMs, context))
            {
                await wire.WriteAsync(bytes.AsMemory(head), context.RequestAborted);
            }

            return;
        }

        if (fault.Drop)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await ReplaceAnswerAsync(context, fault);
    }

    private static async Task ReplaceAnswerAsync(HttpContext context, FaultRule fault)
    {
        context.Response.StatusCode = fault.Status ?? 500;
        foreach (var header in fault.Headers ?? new())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (fault.Body is null)
        {
            return;
        }

        context.Response.ContentType = fault.ContentType ?? "application/json";
        if (fault.PadBytes is not long pad)
        {
            await context.Response.WriteAsync(fault.Body);
            return;
        }

        // Streamed in chunks: the simulator itself stays small however large the answer (the response compression in
        // front of it turns this into a gzip bomb for a client that asks for compression).
        int at = fault.Body.IndexOf("{pad}", StringComparison.Ordinal);
        string head = at < 0 ? fault.Body : fault.Body[..at];
        string tail = at < 0 ? "" : fault.Body[(at + "{pad}".Length)..];
        await context.Response.WriteAsync(head, context.RequestAborted);
        byte[] chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'a');
        try
        {
            for (long left = pad; left > 0; left -= chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), context.RequestAborted);
            }

            await context.Response.WriteAsync(tail, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The caller stopped reading: what a bounded client does.
        }
    }

    /// <summary>Waits, unless the caller went away first (then false).</summary>
    private async Task<bool> DelayAsync(int milliseconds, HttpContext context)
    {
        try
        {
            await Task.Delay(milliseconds == Timeout.Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds), clock, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
