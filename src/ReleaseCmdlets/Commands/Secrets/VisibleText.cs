using System.Globalization;
using System.Text;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Text from a service (or a name as the user gave it) made safe to print in a message: every control character (line
/// breaks, ESC of a terminal sequence, BEL, DEL, the C1 controls such as NEL) and the Unicode line and paragraph
/// separators are shown as visible symbols, so that no text can start a line of its own, move the cursor, retitle a
/// window or hide a link; characters that print as nothing or as a plain space (zero-width and no-break spaces, bidi
/// controls, soft hyphens) are shown by their code, so a name never reads as another; a run longer than
/// <see cref="LongestRun"/> characters without a space is shortened, with its length; nor can any of it be run as a CI
/// log command (<see cref="CiCommandText"/>).
/// </summary>
internal static class VisibleText
{
    /// <summary>The longest run of characters without white space a message shows whole (a name, an id, a URL).</summary>
    public const int LongestRun = 200;

    /// <summary>What is kept of a longer run, before its length.</summary>
    private const int KeptOfRun = 100;

    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        int first = FirstUnsafe(text!);
        if (first < 0)
        {
            return CiCommandText.Neutralize(text!);
        }

        var visible = new StringBuilder(text!.Length + 16);
        visible.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x20)
            {
                visible.Append((char)(0x2400 + c));   // the Control Pictures block: ␛, ␍, ␊ …
            }
            else if (c == 0x7F)
            {
                visible.Append('\u2421');
            }
            else if (IsUnsafe(c))
            {
                visible.Append("[U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                visible.Append(c);
            }
        }

        return CiCommandText.Neutralize(ShortenRuns(visible.ToString()));
    }

    private static int FirstUnsafe(string text)
    {
        int run = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (IsUnsafe(c))
            {
                return i;
            }

            run = char.IsWhiteSpace(c) ? 0 : run + 1;
            if (run > LongestRun)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) =>
        c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029'
        || (c >= 0xA0 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator);

    /// <summary>Each run of more than <see cref="LongestRun"/> characters without white space cut to its start and its length.</summary>
    private static string ShortenRuns(string text)
    {
        var shortened = new StringBuilder(text.Length);
        int start = 0;
        while (start < text.Length)
        {
            int end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            int length = end - start;
            if (length > LongestRun)
            {
                int kept = char.IsHighSurrogate(text[start + KeptOfRun - 1]) ? KeptOfRun - 1 : KeptOfRun;
                shortened.Append(text, start, kept).Append("… (").Append(length.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters)");
            }
            else
            {
                shortened.Append(text, start, length);
            }

            int spaces = end;
            while (spaces < text.Length && char.IsWhiteSpace(text[spaces]))
            {
                spaces++;
            }

            shortened.Append(text, end, spaces - end);
            start = spaces;
        }

        return shortened.ToString();
    }
}
