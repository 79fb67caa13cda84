using System.Globalization;
using System.Text;

namespace ReleaseCmdlets.Commands;

/// <summary>How many inputs of a Stop cmdlet were cancelled, found with nothing in flight (-IfInFlight), or failed.</summary>
internal readonly struct SummaryCounts
{
    public SummaryCounts(int cancelled, int final, int failed)
    {
        Cancelled = cancelled;
        Final = final;
        Failed = failed;
    }

    public int Cancelled { get; }

    public int Final { get; }

    public int Failed { get; }
}

/// <summary>
/// What a Stop cmdlet did, input by input, as a Markdown table for a CI run's summary: what was asked, and whether it
/// was cancelled, already final or failed (service, id, name, status, error id). Every text passes the command's secret
/// boundary and is escaped for Markdown, so that no text from a service becomes markup, a link or a command.
/// </summary>
internal sealed class StepSummary
{
    /// <summary>The most rows shown (GitHub takes up to 1 MiB of summary per step); the counts cover every input.</summary>
    public const int MaximumRows = 500;

    private readonly string command;
    private readonly List<string?[]> rows = new();
    private int cancelled;
    private int final;
    private int failed;

    public StepSummary(string command) => this.command = command;

    /// <summary>Why the inputs were cancelled (-Reason), shown above the table.</summary>
    public string? Reason { get; set; }

    public bool IsEmpty => cancelled + final + failed == 0;

    public SummaryCounts Counts => new(cancelled, final, failed);

    public void Cancelled(string asked, ReleaseInfo release)
    {
        cancelled++;
        Add(asked, "cancelled", release.Provider, release.Id, release.Name, release.Status, null);
    }

    public void Final(string asked, string provider, object? target, string errorId)
    {
        final++;
        // A listed object's status is what it was then, not what ended it: the error id says that.
        Add(asked, "already final", provider, IdOf(target), NameOf(target), null, errorId);
    }

    public void Failed(string asked, string provider, object? target, ReleaseInfo? lastKnown, string errorId)
    {
        failed++;
        Add(asked, "failed", provider, IdOf(lastKnown ?? target), NameOf(lastKnown ?? target), StatusOf(lastKnown ?? target), errorId);
    }

    /// <summary>The Markdown, every text first made safe by <paramref name="safe"/> (the secret boundary's scrub).</summary>
    public string ToMarkdown(Func<string?, string> safe)
    {
        var markdown = new StringBuilder();
        markdown.Append("### ").Append(command).Append("\n\n");
        if (!string.IsNullOrEmpty(Reason))
        {
            markdown.Append("Reason: ").Append(Escape(safe(Reason))).Append("\n\n");
        }

        int asked = cancelled + final + failed;
        markdown.Append(string.Format(CultureInfo.InvariantCulture, "{0} asked: {1} cancelled, {2} already final, {3} failed.\n\n", asked, cancelled, final, failed));
        markdown.Append("| Asked | Result | Service | Id | Name | Status | ErrorId |\n");
        markdown.Append("| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (string?[] row in rows)
        {
            markdown.Append('|');
            foreach (string? cell in row)
            {
                markdown.Append(' ').Append(Escape(safe(cell))).Append(" |");
            }

            markdown.Append('\n');
        }

        if (asked > rows.Count)
        {
            markdown.Append(string.Format(CultureInfo.InvariantCulture, "\n{0} of {1} rows shown.\n", rows.Count, asked));
        }

        return markdown.Append('\n').ToString();
    }

    /// <summary>
    /// Every ASCII punctuation character escaped with a backslash (CommonMark allows it for each; GitHub's tables read
    /// <c>\|</c> as a literal bar), so text is text: no emphasis, link, HTML or table cell of its own.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c < 0x80 && (char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private void Add(params string?[] row)
    {
        if (rows.Count < MaximumRows)
        {
            rows.Add(row);
        }
    }

    private static string? IdOf(object? target) => target is ReleaseInfo release ? release.Id : target?.ToString();

    private static string? NameOf(object? target) => (target as ReleaseInfo)?.Name;

    private static string? StatusOf(object? target) => (target as ReleaseInfo)?.Status;
}
