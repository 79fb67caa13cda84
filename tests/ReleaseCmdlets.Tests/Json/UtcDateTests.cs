using System.Globalization;
using ReleaseCmdlets.Engine.Json;

namespace ReleaseCmdlets.Tests.Json;

/// <summary>The fast reading of the services' usual timestamp form gives exactly what the general parser gives.</summary>
public class UtcDateTests
{
    [Theory]
    [InlineData("2026-11-20T10:00:00Z")]
    [InlineData("2024-03-04T09:03:43.9200000Z")]
    [InlineData("2024-03-04T09:03:43.92Z")]
    [InlineData("2024-03-04T09:03:43.1Z")]
    [InlineData("2024-02-29T23:59:59.999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2024-03-04T09:03:43+02:00")]
    [InlineData("2024-03-04T09:03:43.123456+00:00")]
    [InlineData("2024-03-04T09:03:43")]
    [InlineData("2024-03-04")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-03-04T24:00:00Z")]
    [InlineData("2024-03-04T09:03:60Z")]
    [InlineData("2024-03-04T09:03:43.Z")]
    [InlineData("2024-03-04T09:03:43.12345678Z")]
    [InlineData("2024-03-04T09:03:4xZ")]
    [InlineData("not a date")]
    [InlineData("")]
    public void Reads_as_the_general_parser_does(string text)
    {
        DateTimeOffset? expected = DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value)
            ? value.ToUniversalTime()
            : null;

        DateTimeOffset? read = UtcDate.Parse(text);

        Assert.Equal(expected, read);
        Assert.Equal(expected?.Offset, read?.Offset);
    }

    [Fact]
    public void Null_is_null() => Assert.Null(UtcDate.Parse(null));
}
