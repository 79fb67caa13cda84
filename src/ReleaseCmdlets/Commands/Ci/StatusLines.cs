namespace ReleaseCmdlets.Commands;

/// <summary>
/// Progress as a CI log takes it: each activity (a -Wait, a wait on a request budget) as a plain status line at most
/// every <see cref="Interval"/>, never a progress bar, which a log shows garbled or not at all.
/// </summary>
internal sealed class StatusLines
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Func<DateTimeOffset> now;
    private readonly Dictionary<int, DateTimeOffset> lastWritten = new();

    /// <param name="now">The clock (a virtual one in tests).</param>
    public StatusLines(Func<DateTimeOffset> now) => this.now = now;

    /// <summary>The line to write for this record now; null when the activity's last line is more recent than the interval, or it ended.</summary>
    public string? LineFor(ProgressRecord record)
    {
        if (record.RecordType == ProgressRecordType.Completed)
        {
            lastWritten.Remove(record.ActivityId);
            return null;
        }

        DateTimeOffset at = now();
        if (lastWritten.TryGetValue(record.ActivityId, out DateTimeOffset last) && at - last < Interval)
        {
            return null;
        }

        lastWritten[record.ActivityId] = at;
        return $"{record.Activity}: {record.StatusDescription}";
    }
}
