namespace ReleaseCmdlets.Engine.Http;

/// <summary>One limit an answer shows, matched by name to its policy: requests left and when its window resets.</summary>
internal sealed class LimitReading
{
    public LimitReading(string name, int remaining, TimeSpan resetsIn, int? quota, TimeSpan? window)
    {
        Name = name;
        Remaining = remaining;
        ResetsIn = resetsIn;
        Quota = quota;
        Window = window;
    }

    public string Name { get; }

    public int Remaining { get; }

    public TimeSpan ResetsIn { get; }

    /// <summary>The policy's quota (q), when Ratelimit-Policy names a policy of the same name.</summary>
    public int? Quota { get; }

    /// <summary>The policy's window (w).</summary>
    public TimeSpan? Window { get; }
}
