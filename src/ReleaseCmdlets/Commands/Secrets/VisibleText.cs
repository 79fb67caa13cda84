using System.Text;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Text from a service made safe to print in a message: every control character (line breaks, ESC of a terminal
/// sequence, BEL, DEL, the C1 controls such as NEL) and the Unicode line and paragraph separators are shown as visible
/// symbols, so that no service text can start a line of its own, move the cursor, retitle a window or hide a link;
/// nor can it be run as a CI log command (<see cref="CiCommandText"/>).
/// </summary>
internal static class VisibleText
{
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
                visible.Append("[U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                visible.Append(c);
            }
        }

        return CiCommandText.Neutralize(visible.ToString());
    }

    private static int FirstUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029';
}
