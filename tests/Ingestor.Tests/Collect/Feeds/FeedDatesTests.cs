using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

public sealed class FeedDatesTests
{
    [Theory]
    // RFC 822 and its usual deviations
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21Z")]
    [InlineData("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z")]
    [InlineData("Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z")]
    [InlineData("Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z")]
    [InlineData("Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z")]
    [InlineData("Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z")]
    [InlineData("Thu, 01 Jan 2004", "2004-01-01T00:00:00Z")]
    [InlineData("Thu, 01 Jan 2004 12:00:00 Z", "2004-01-01T12:00:00Z")]
    [InlineData("Thu, 01 Jan 2004 12:00:00 A", "2004-01-01T13:00:00Z")]
    [InlineData("Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z")]
    [InlineData("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z")]
    [InlineData("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z")]
    // W3C-DTF / ISO 8601
    [InlineData("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z")]
    [InlineData("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z")]
    [InlineData("2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47.538Z")]
    [InlineData("2003-12", "2003-12-01T00:00:00Z")]
    [InlineData("2003", "2003-01-01T00:00:00Z")]
    [InlineData("20031231T101455Z", "2003-12-31T10:14:55Z")]
    [InlineData("2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z")]
    [InlineData("2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z")]
    // other languages
    [InlineData("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z")]
    [InlineData("2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z")]
    [InlineData("2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z")]
    [InlineData("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z")]
    public void Parse_KnownFormat_GivesUtcInstant(string input, string expected)
    {
        var parsed = FeedDates.Parse(input);

        Assert.NotNull(parsed);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Sun, 16 Dec 2012 1:2:3:4 GMT")]
    [InlineData("Sun, 16 zzz 2012 11:47:32 GMT")]
    [InlineData("Sun, 16 Dec zz 11:47:32 GMT")]
    [InlineData("Sun, 99 Jun 2009 12:00:00 GMT")]
    [InlineData("Sun, 16 Dec 2012 11:47:32 +zz:00")]
    [InlineData("2003-12-31T25:14:55Z")]
    [InlineData("2003-02-30")]
    [InlineData("22013")]
    [InlineData("2013-01-27-01")]
    [InlineData("2013-01-28T11:30:00-06:00Textra")]
    [InlineData("9999-12-31T23:59:59-99:99")]
    [InlineData("Thu, 01 Jan 2004 12:00:00 XYZT")]
    public void Parse_UnreadableDate_IsNull(string input)
    {
        Assert.Null(FeedDates.Parse(input));
    }

    [Fact]
    public void Parse_UnreadableItemDate_IsReportedAndNull()
    {
        var doc = FeedFixtures.ParseXml("<rss><channel><item><pubDate>the other day</pubDate></item></channel></rss>");

        Assert.Null(doc.Items[0].Published);
        Assert.Contains(doc.Errors, e => e.Contains("the other day", StringComparison.Ordinal));
    }
}
