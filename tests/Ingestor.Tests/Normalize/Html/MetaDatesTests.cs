using Ingestor.Normalize.Html;

namespace Ingestor.Tests.Normalize.Html;

public sealed class MetaDatesTests
{
    [Theory]
    [InlineData("2024-03-05T08:30:00+01:00", "2024-03-05T07:30:00Z")]
    [InlineData("2024-03-05T08:30:00Z", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05T08:30:00.123Z", "2024-03-05T08:30:00.123Z")]
    [InlineData("2024-03-05T08:30:00.123456-0500", "2024-03-05T13:30:00.123456Z")]
    [InlineData("2024-03-05T08:30", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05 08:30:00", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05 08:30:00 +0200", "2024-03-05T06:30:00Z")]
    [InlineData("2024-03-05", "2024-03-05T00:00:00Z")]
    [InlineData("20240305", "2024-03-05T00:00:00Z")]
    [InlineData("2024/03/05", "2024-03-05T00:00:00Z")]
    [InlineData("Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05T08:30:00Z")]
    [InlineData("Tue, 5 Mar 2024 08:30:00 +0100", "2024-03-05T07:30:00Z")]
    [InlineData("5 March 2024", "2024-03-05T00:00:00Z")]
    [InlineData("March 5, 2024", "2024-03-05T00:00:00Z")]
    [InlineData("Mar 5, 2024 8:30 AM", "2024-03-05T08:30:00Z")]
    [InlineData("2024-03-05 08:30:00 EST", "2024-03-05T13:30:00Z")]
    [InlineData("1709627400", "2024-03-05T08:30:00Z")]
    [InlineData("1709627400000", "2024-03-05T08:30:00Z")]
    public void Parse_CommonMetaFormats_GivesUtcInstant(string text, string expected)
    {
        var parsed = MetaDates.Parse(text);

        Assert.NotNull(parsed);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("03/05/2024")]
    [InlineData("05.03.24")]
    [InlineData("2024-13-45")]
    [InlineData("1850-01-01")]
    [InlineData("12345")]
    [InlineData("Published a while ago")]
    public void Parse_UnreadableOrAmbiguous_GivesNull(string? text)
    {
        Assert.Null(MetaDates.Parse(text));
    }
}
