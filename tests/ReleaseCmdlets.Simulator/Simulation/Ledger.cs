using System.Collections.Concurrent;

namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>One request as the simulator received it.</summary>
public sealed record LedgerEntry(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    string RawTarget,
    Dictionary<string, string> Headers,
    string Body,
    string? Fault);

/// <summary>Every request to the fake services, in arrival order (the control API under /_sim is not recorded).</summary>
public sealed class Ledger(TimeProvider clock)
{
    private readonly ConcurrentQueue<LedgerEntry> entries = new();
    private long sequence;

    public long Record(HttpRequest request, string body, string? fault)
    {
        long number = Interlocked.Increment(ref sequence);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        entries.Enqueue(new LedgerEntry(number, clock.GetUtcNow(), request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "", headers, body, fault));
        return number;
    }

    public IReadOnlyList<LedgerEntry> Entries(string? pathPrefix) =>
        entries.Where(e => pathPrefix is null || e.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    public void Clear() => entries.Clear();
}
