using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// A fault to inject: the next <see cref="Times"/> requests whose path matches <see cref="Path"/> (a regular expression)
/// and method matches get this answer instead of the service's (-1 = forever). Delay alone delays the real answer.
/// With <see cref="AfterService"/> the service handles the request first and the fault then drops or replaces its
/// answer; with <see cref="StallAfterBytes"/> the service's body stops after that many bytes for <see cref="DelayMs"/>
/// (-1: until the caller gives up). Headers without a status are added to the service's own answer.
/// </summary>
public sealed class FaultRule
{
    public string Path { get; set; } = ".*";
    public string? Method { get; set; }
    public int Times { get; set; } = 1;
    public int? Status { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public string? Body { get; set; }
    public string? ContentType { get; set; }
    public int DelayMs { get; set; }
    public bool Drop { get; set; }
    public bool AfterService { get; set; }
    public int? StallAfterBytes { get; set; }

    /// <summary>With <see cref="StallAfterBytes"/>: during the stall, one space every this many milliseconds (a server that keeps the socket alive).</summary>
    public int? DripMs { get; set; }

    /// <summary>The <see cref="Body"/>'s "{pad}" becomes this many 'a's, streamed (a huge answer without a huge buffer here).</summary>
    public long? PadBytes { get; set; }

    /// <summary>With a seed, the rule fires on each matching request with this probability instead of by count.</summary>
    public double? Probability { get; set; }

    public override string ToString() =>
        StallAfterBytes is int bytes ? $"stall after {bytes} bytes"
        : (AfterService ? "landed, then " : "") + (Drop ? "drop" : Status is int status ? $"status {status}" : $"delay {DelayMs} ms");
}

/// <summary>The faults waiting to fire, first match wins.</summary>
public sealed class FaultSwitchboard
{
    private readonly object gate = new();
    private readonly List<FaultRule> rules = new();
    private Random random = new(1);

    public void Add(FaultRule rule)
    {
        lock (gate)
        {
            rules.Add(rule);
        }
    }

    public void Seed(int seed)
    {
        lock (gate)
        {
            random = new Random(seed);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
            latency = (0, 0);
        }
    }

    private (int Min, int Max) latency;

    /// <summary>Every service request takes between <paramref name="minMs"/> and <paramref name="maxMs"/> on the network, half each way.</summary>
    public void SetLatency(int minMs, int maxMs)
    {
        lock (gate)
        {
            latency = (Math.Max(0, minMs), Math.Max(minMs, maxMs));
        }
    }

    /// <summary>The way there and the way back of one request, drawn from the latency range; zeros without one.</summary>
    public (int There, int Back) NextLatency()
    {
        lock (gate)
        {
            if (latency.Max == 0)
            {
                return (0, 0);
            }

            int total = random.Next(latency.Min, latency.Max + 1);
            int there = random.Next(0, total + 1);
            return (there, total - there);
        }
    }

    public FaultRule? Take(string method, string path)
    {
        lock (gate)
        {
            foreach (var rule in rules)
            {
                if ((rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && Regex.IsMatch(path, rule.Path, RegexOptions.IgnoreCase))
                {
                    if (rule.Probability is double p)
                    {
                        if (random.NextDouble() < p)
                        {
                            return rule;
                        }

                        continue;
                    }

                    if (rule.Times == 0)
                    {
                        continue;
                    }

                    if (rule.Times > 0)
                    {
                        rule.Times--;
                    }

                    return rule;
                }
            }

            return null;
        }
    }
}
