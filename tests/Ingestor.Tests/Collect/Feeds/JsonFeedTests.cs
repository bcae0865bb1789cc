using System.Text;
using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

public sealed class JsonFeedTests
{
    [Fact]
    public void Parse_JsonFeed11_ReadsFeedAndItems()
    {
        var doc = FeedFixtures.Parse("jsonfeed11.json", contentType: "application/feed+json");

        Assert.Equal(FeedFormat.JsonFeed, doc.Format);
        Assert.Equal("Kitchen Log", doc.Feed.Title);
        Assert.Equal("https://kitchen.example/", doc.Feed.Link);
        Assert.Equal("Recipes we tried", doc.Feed.Subtitle);
        Assert.Equal("en", doc.Feed.Language);
        Assert.Equal(new FeedPerson("Chef K", null, "https://kitchen.example/k"), Assert.Single(doc.Feed.Authors));

        var item = doc.Items[0];
        Assert.Equal("42", item.Id);
        Assert.Equal("Rye <bread>", item.Title);
        Assert.Equal("https://kitchen.example/recipes/bread", item.Link);
        Assert.Equal("<p>Knead for <em>ten</em> minutes.</p>", item.Content);
        Assert.Equal("A dense loaf", item.Summary);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Equal(["bread", "rye"], item.Categories);
        Assert.Equal(new FeedEnclosure("https://kitchen.example/bread.jpg", "image/jpeg", 5120), Assert.Single(item.Enclosures));
    }

    [Fact]
    public void Parse_JsonFeedNumericIdAndTextContent_AreStringsAndEscapedHtml()
    {
        var doc = FeedFixtures.Parse("jsonfeed11.json");

        Assert.Equal("7", doc.Items[1].Id);
        Assert.Equal("Plain &lt;text&gt; only", doc.Items[1].Content);
        Assert.Null(doc.Items[1].Published);
        Assert.Contains(doc.Errors, e => e.Contains("yesterday", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_JsonFeed10Author_IsRead()
    {
        var doc = FeedParser.Parse("""{"version":"https://jsonfeed.org/version/1","title":"T","author":{"name":"Solo","url":"mailto:solo@x.example"},"items":[]}"""u8);

        Assert.Equal(new FeedPerson("Solo", "solo@x.example", null), Assert.Single(doc.Feed.Authors));
    }

    [Fact]
    public void Parse_TruncatedJsonFeed_KeepsItemsBeforeTheCut()
    {
        var json = """{"version":"https://jsonfeed.org/version/1.1","title":"Cut","items":[{"id":"1","title":"Whole"},{"id":"2","title":"Hal""";

        var doc = FeedParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.True(doc.IsFeed);
        Assert.Equal("Cut", doc.Feed.Title);
        Assert.Equal("Whole", doc.Items[0].Title);
        Assert.NotEmpty(doc.Errors);
    }

    [Fact]
    public void Parse_JsonWithoutFeedShape_IsNotAFeed()
    {
        var doc = FeedParser.Parse("""{"hello":"world"}"""u8);

        Assert.False(doc.IsFeed);
    }
}
