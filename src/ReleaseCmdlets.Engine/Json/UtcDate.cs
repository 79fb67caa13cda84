using System.Globalization;

namespace ReleaseCmdlets.Engine.Json;

/// <summary>Reads service timestamps leniently: ISO 8601 with or without an offset (taken as UTC), anything else as null.</summary>
internal static class UtcDate
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (TryParseUtc(text, out DateTimeOffset exact))
        {
            return exact;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out DateTimeOffset value)
            ? value.ToUniversalTime()
            : null;
    }

    /// <summary>
    /// The form the services write most (yyyy-MM-ddTHH:mm:ss[.fffffff]Z), read without the culture-aware parser, which
    /// costs more per object than the rest of its mapping. Anything else is left to <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
    /// </summary>
    private static bool TryParseUtc(string text, out DateTimeOffset value)
    {
        value = default;
        int length = text.Length;
        if (length < 20 || length == 21 || length > 28 || text[length - 1] != 'Z'
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || (length > 20 && text[19] != '.'))
        {
            return false;
        }

        if (!Digits(text, 0, 4, out int year) || !Digits(text, 5, 2, out int month) || !Digits(text, 8, 2, out int day)
            || !Digits(text, 11, 2, out int hour) || !Digits(text, 14, 2, out int minute) || !Digits(text, 17, 2, out int second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = 0;
        if (length > 20)
        {
            int fractionDigits = length - 21;
            if (!Digits(text, 20, fractionDigits, out int fraction))
            {
                return false;
            }

            ticks = fraction;
            for (int i = fractionDigits; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int number)
    {
        number = 0;
        for (int i = start; i < start + count; i++)
        {
            int digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }
}
