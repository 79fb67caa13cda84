namespace ReleaseCmdlets.Engine.Http;

/// <summary>A documented request quota: so many requests per window.</summary>
public sealed class RateQuota
{
    public RateQuota(int requests, TimeSpan window)
    {
        Requests = requests;
        Window = window;
    }

    public int Requests { get; }

    public TimeSpan Window { get; }
}
