using System;
using System.Globalization;

namespace ReleaseCmdlets.Json;

/// <summary>Reads service timestamps leniently: ISO 8601 with or without an offset (taken as UTC), anything else as null.</summary>
internal static class UtcDate
{
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out DateTimeOffset value)
            ? value.ToUniversalTime()
            : null;
}
