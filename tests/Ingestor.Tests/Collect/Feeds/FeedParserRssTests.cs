using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

public sealed class FeedParserRssTests
{
    [Fact]
    public void Parse_Rss20_ReadsChannel()
    {
        var doc = FeedFixtures.Parse("rss2.xml");

        Assert.Equal(FeedFormat.Rss, doc.Format);
        Assert.Empty(doc.Errors);
        Assert.Equal("Harbour Gazette", doc.Feed.Title);
        Assert.Equal("https://gazette.example/", doc.Feed.Link);
        Assert.Equal("Local news from the harbour district", doc.Feed.Subtitle);
        Assert.Equal("en-gb", doc.Feed.Language);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 15, 0, TimeSpan.Zero), doc.Feed.Updated);
        Assert.Equal(new FeedPerson("News Desk", "desk@gazette.example", null), Assert.Single(doc.Feed.Authors));
    }

    [Fact]
    public void Parse_Rss20Item_MapsEveryField()
    {
        var item = FeedFixtures.Parse("rss2.xml").Items[0];

        Assert.Equal("gazette-2026-0301", item.Id);
        Assert.Equal("Ferry timetable changes from April", item.Title);
        Assert.Equal("https://gazette.example/news/ferry-timetable", item.Link);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 18, 30, 0, TimeSpan.Zero), item.Published);
        Assert.Equal("The morning crossing moves to 07:40.", item.Summary);
        Assert.Equal("<p>The morning crossing moves to <strong>07:40</strong>.</p>", item.Content);
        Assert.Equal(new FeedPerson("Jo Moss", "j.moss@gazette.example", null), Assert.Single(item.Authors));
        Assert.Equal(["Transport", "Harbour"], item.Categories);
        Assert.Equal(
            [
                new FeedEnclosure("https://gazette.example/audio/ferry.mp3", "audio/mpeg", 482113),
                new FeedEnclosure("https://gazette.example/img/ferry.jpg", "image/jpeg", 20480),
            ],
            item.Enclosures);
    }

    [Fact]
    public void Parse_ImageInsideChannel_DoesNotLeakIntoChannelFields()
    {
        var doc = FeedFixtures.Parse("rss2.xml");

        Assert.Equal("Harbour Gazette", doc.Feed.Title);
        Assert.Equal("https://gazette.example/", doc.Feed.Link);
    }

    [Fact]
    public void Parse_PermalinkGuidWithoutLink_BecomesLink()
    {
        var item = FeedFixtures.Parse("rss2.xml").Items[1];

        Assert.Equal("https://gazette.example/news/lighthouse", item.Id);
        Assert.Equal("https://gazette.example/news/lighthouse", item.Link);
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 7, 0, 0, TimeSpan.Zero), item.Updated);
        Assert.Equal("Sam Reed", Assert.Single(item.Authors).Name);
    }

    [Fact]
    public void Parse_GuidMarkedNotPermalink_IsNotUsedAsLink()
    {
        var doc = FeedFixtures.ParseXml("""<rss version="2.0"><channel><item><guid isPermaLink="false">http://guid.example/1</guid></item></channel></rss>""");

        Assert.Equal("http://guid.example/1", doc.Items[0].Id);
        Assert.Null(doc.Items[0].Link);
    }

    [Fact]
    public void Parse_Rss10Rdf_ReadsItemsBesideChannel()
    {
        var doc = FeedFixtures.Parse("rss1.xml");

        Assert.Equal(FeedFormat.Rdf, doc.Format);
        Assert.Equal("Weather Notes", doc.Feed.Title);
        Assert.Equal("fr", doc.Feed.Language);
        var item = Assert.Single(doc.Items);
        Assert.Equal("https://weather.example/obs/1", item.Id);
        Assert.Equal("Fog at dawn", item.Title);
        Assert.Equal("Visibility under 200 m until 09:00.", item.Summary);
        Assert.Equal(["fog"], item.Categories);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 6, 45, 0, TimeSpan.Zero), item.Updated);
    }

    [Theory]
    [InlineData("Example editor (me@example.com)", "Example editor", "me@example.com")]
    [InlineData("me@example.com (Example editor)", "Example editor", "me@example.com")]
    [InlineData("Example editor &lt;me@example.com&gt;", "Example editor", "me@example.com")]
    [InlineData("me@example.com", null, "me@example.com")]
    [InlineData("Example editor", "Example editor", null)]
    public void Parse_RssAuthorString_SplitsNameAndEmail(string author, string? name, string? email)
    {
        var doc = FeedFixtures.ParseXml($"<rss><channel><item><author>{author}</author></item></channel></rss>");

        var person = Assert.Single(doc.Items[0].Authors);
        Assert.Equal(name, person.Name);
        Assert.Equal(email, person.Email);
    }

    [Fact]
    public void Parse_TitleWithEscapedMarkup_IsPlainText()
    {
        var doc = FeedFixtures.ParseXml("<rss><channel><title>2 &gt; 1</title><item><title>Big &lt;b&gt;news&lt;/b&gt; &amp;amp; more</title></item></channel></rss>");

        Assert.Equal("2 > 1", doc.Feed.Title);
        Assert.Equal("Big news & more", doc.Items[0].Title);
    }

    [Fact]
    public void Parse_ForeignElementWithCoreName_IsIgnored()
    {
        var doc = FeedFixtures.ParseXml("""
            <rss xmlns:x="http://x.example/ns"><channel><item>
              <x:description>wrong</x:description><description>right</description><x:title>wrong</x:title>
            </item></channel></rss>
            """);

        Assert.Equal("right", doc.Items[0].Summary);
        Assert.Null(doc.Items[0].Title);
    }

    [Fact]
    public void Parse_UpperCaseCdf_ReadsChannelAndItems()
    {
        var doc = FeedFixtures.ParseXml("""<CHANNEL HREF="http://cdf.example/"><TITLE>Channel</TITLE><ITEM HREF="http://cdf.example/1"><TITLE>Item</TITLE><ABSTRACT>Short</ABSTRACT></ITEM></CHANNEL>""");

        Assert.Equal(FeedFormat.Cdf, doc.Format);
        Assert.Equal("http://cdf.example/", doc.Feed.Link);
        Assert.Equal("Item", doc.Items[0].Title);
        Assert.Equal("http://cdf.example/1", doc.Items[0].Link);
        Assert.Equal("Short", doc.Items[0].Summary);
    }

    [Fact]
    public void Parse_ItunesElements_FillSummaryAuthorsAndCategories()
    {
        var doc = FeedFixtures.ParseXml("""
            <rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><itunes:summary>Show notes</itunes:summary>
            <item><itunes:summary>Episode</itunes:summary><itunes:author>Host</itunes:author><itunes:keywords>tech, radio,tech</itunes:keywords></item>
            </channel></rss>
            """);

        Assert.Equal("Show notes", doc.Feed.Subtitle);
        Assert.Equal("Episode", doc.Items[0].Summary);
        Assert.Equal("Host", doc.Items[0].Authors[0].Name);
        Assert.Equal(["tech", "radio"], doc.Items[0].Categories);
    }
}
