namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// One named limit of a service as this process counts it: so many requests per window, the window's end, and the
/// requests counted in it. Not thread-safe: <see cref="RequestBudget"/> holds its lock around every call.
/// </summary>
internal sealed class BudgetWindow
{
    public BudgetWindow(string name, int limit, TimeSpan length, DateTimeOffset now)
    {
        Name = name;
        Limit = limit;
        Length = length;
        StartedAt = now;
        Ends = now + length;
    }

    public string Name { get; }

    public int Limit { get; private set; }

    public TimeSpan Length { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset Ends { get; private set; }

    public int Used { get; private set; }

    /// <summary>Whether an answer of this window said when it ends (else the end is a guess: the start plus the length).</summary>
    public bool EndKnown { get; private set; }

    public bool Allows => Used < Limit;

    /// <summary>
    /// Opens the next window once this one has ended. <paramref name="carried"/> requests of the ended window may reach
    /// the service after its own window closed (still in flight, or sent in the window's last moments): the service
    /// counts them in the new one, so this budget does too.
    /// </summary>
    public bool RollIfEnded(DateTimeOffset now, int carried)
    {
        if (now < Ends)
        {
            return false;
        }

        StartedAt = now;
        Ends = now + Length;
        EndKnown = false;
        Used = Math.Min(carried, Limit);
        return true;
    }

    public void Count() => Used++;

    /// <summary>
    /// Corrects the window from one answer (<paramref name="inFlight"/> requests are on their way): what is left of it
    /// (the service's count covers every client of the quota) and when it resets. Within one window the earliest reset an answer bounds is kept: t is in whole seconds,
    /// rounded up, so every answer's bound lies at or after the true reset, and the earliest is the nearest.
    /// </summary>
    public void Correct(LimitReading reading, DateTimeOffset now, TimeSpan longest, int countedBeforeShown, int inFlight)
    {
        if (reading.Quota is int quota)
        {
            Limit = quota;
        }

        if (reading.Window is TimeSpan window)
        {
            Length = window < longest ? window : longest;
        }

        TimeSpan resetsIn = reading.ResetsIn < longest ? reading.ResetsIn : longest;
        DateTimeOffset resets = now + resetsIn;
        int counted = Math.Max(0, Limit - Math.Max(0, reading.Remaining));
        if (EndKnown && Ends > now && resets >= Ends + TimeSpan.FromTicks(Length.Ticks / 2))
        {
            // The service has opened its next window before this one ended here (a request reached it late): this
            // budget opens it too, with the service's count and the requests still on their way.
            StartedAt = now;
            Ends = resets;
            Used = counted + Math.Max(0, inFlight - 1);
            return;
        }

        bool sameWindow = EndKnown && Ends > now;
        Ends = !sameWindow || resets < Ends ? resets : Ends;
        EndKnown = true;

        // Once shown, the requests this process sent in the window and the service has not seen yet are in Used
        // already (adding those in flight would count twice the ones whose answers are on their way). When a limit
        // first shows, what was counted before means nothing: the service's count, plus the requests still in flight.
        Used = countedBeforeShown < 0 ? Math.Max(Used, counted) : counted + countedBeforeShown;
    }

    /// <summary>A refusal says the service's window stays closed until <paramref name="until"/>, whatever this one counted.</summary>
    public void Close(DateTimeOffset until)
    {
        Used = Math.Max(Used, Limit);
        Ends = !EndKnown || until > Ends ? until : Ends;
        EndKnown = true;
    }
}
