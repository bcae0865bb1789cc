using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

public sealed class FeedParserAtomTests
{
    [Fact]
    public void Parse_Atom10_ReadsFeed()
    {
        var doc = FeedFixtures.Parse("atom10.xml");

        Assert.Equal(FeedFormat.Atom10, doc.Format);
        Assert.Empty(doc.Errors);
        Assert.Equal("Notes & Sketches", doc.Feed.Title);
        Assert.Equal("Drawings and notes", doc.Feed.Subtitle);
        Assert.Equal("https://blog.example/", doc.Feed.Link);
        Assert.Equal("de", doc.Feed.Language);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero), doc.Feed.Updated);
        Assert.Equal(new FeedPerson("Ana Lima", "ana@blog.example", "https://blog.example/about"), Assert.Single(doc.Feed.Authors));
    }

    [Fact]
    public void Parse_Atom10Entry_ResolvesAgainstNestedXmlBase()
    {
        var entry = FeedFixtures.Parse("atom10.xml").Items[0];

        Assert.Equal("tag:blog.example,2026:ink", entry.Id);
        Assert.Equal("https://blog.example/posts/ink.html", entry.Link);
        Assert.Equal("<p>See <a href=\"https://blog.example/posts/ink-large.png\">the large scan</a>.</p>", entry.Content);
        Assert.Equal(new FeedEnclosure("https://blog.example/posts/ink.png", "image/png", 1234), Assert.Single(entry.Enclosures));
    }

    [Fact]
    public void Parse_Atom10TextConstructs_FollowTheirType()
    {
        var doc = FeedFixtures.Parse("atom10.xml");

        Assert.Equal("Ink <> watercolour", doc.Items[0].Title);
        Assert.Equal("Comparing ink &amp; watercolour.", doc.Items[0].Summary);
        Assert.Equal("<p>Hello <b>world</b></p>", doc.Items[1].Content);
    }

    [Fact]
    public void Parse_Atom10Dates_AreUtc()
    {
        var entry = FeedFixtures.Parse("atom10.xml").Items[0];

        Assert.Equal(new DateTimeOffset(2026, 2, 9, 18, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 6, 0, 0, TimeSpan.Zero), entry.Updated);
        Assert.Equal(TimeSpan.Zero, entry.Published!.Value.Offset);
    }

    [Fact]
    public void Parse_Atom03_ReadsModesAndDates()
    {
        var doc = FeedFixtures.Parse("atom03.xml");

        Assert.Equal(FeedFormat.Atom03, doc.Format);
        Assert.Equal("Old Atom", doc.Feed.Title);
        Assert.Equal("Still serving 0.3", doc.Feed.Subtitle);
        Assert.Equal(new DateTimeOffset(2004, 5, 1, 10, 0, 0, TimeSpan.Zero), doc.Feed.Updated);
        var entry = Assert.Single(doc.Items);
        Assert.Equal("<p>Hello <b>base64</b></p>", entry.Content);
        Assert.Equal(new DateTimeOffset(2004, 4, 30, 14, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(new FeedPerson("Old Timer", null, "https://old.example/me"), Assert.Single(entry.Authors));
    }

    [Fact]
    public void Parse_Atom03InlineXhtml_KeepsWrapperDiv()
    {
        var doc = FeedFixtures.ParseXml("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
            <summary type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; tag</div></summary>
            </entry></feed>
            """);

        Assert.Equal("<div>History of the &lt;blink&gt; tag</div>", doc.Items[0].Summary);
    }

    [Fact]
    public void Parse_Atom10HtmlWithInlineDiv_ReadsDivAsMarkupCarrier()
    {
        var doc = FeedFixtures.ParseXml("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
            <content type="html"><div xmlns="http://www.w3.org/1999/xhtml">Example &lt;b&gt;Atom&lt;/b&gt;</div></content>
            </entry></feed>
            """);

        Assert.Equal("Example <b>Atom</b>", doc.Items[0].Content);
    }

    [Fact]
    public void Parse_AtomLinks_PreferHtmlAlternate()
    {
        var doc = FeedFixtures.ParseXml("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
            <link rel="self" href="http://a.example/self"/>
            <link rel="alternate" type="application/rss+xml" href="http://a.example/rss"/>
            <link rel="alternate" type="text/html" href="http://a.example/page"/>
            </entry></feed>
            """);

        Assert.Equal("http://a.example/page", doc.Items[0].Link);
    }

    [Fact]
    public void Parse_EntrySource_DoesNotLeakIntoEntry()
    {
        var doc = FeedFixtures.ParseXml("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Entry</title>
            <source><title>Origin feed</title><author><name>Someone else</name></author></source>
            </entry></feed>
            """);

        Assert.Equal("Entry", doc.Items[0].Title);
        Assert.Empty(doc.Items[0].Authors);
    }

    [Fact]
    public void Parse_XmlBaseWithDocumentUrl_ResolvesRelativeReferences()
    {
        var doc = FeedFixtures.ParseXml("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="feeds/"><link href="../index.html"/>
            <entry xml:base="/entry/"><link href="one"/><content type="html">&lt;img src="pic.png"&gt;</content></entry></feed>
            """,
            documentUrl: "http://example.org/blog/atom.xml");

        Assert.Equal("http://example.org/blog/index.html", doc.Feed.Link);
        Assert.Equal("http://example.org/entry/one", doc.Items[0].Link);
        Assert.Equal("<img src=\"http://example.org/entry/pic.png\">", doc.Items[0].Content);
    }
}
