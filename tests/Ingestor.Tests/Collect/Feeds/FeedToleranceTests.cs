using System.Text;
using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>Real-world damage the parser must survive: charsets, undeclared entities, broken markup, hostile DTDs.</summary>
public sealed class FeedToleranceTests
{
    [Fact]
    public void Parse_Latin1Declaration_DecodesAccents()
    {
        var doc = FeedFixtures.Parse("latin1.xml");

        Assert.Equal("Café « Le Nord »", doc.Feed.Title);
        Assert.Equal("Crème brûlée", doc.Items[0].Title);
        Assert.Empty(doc.Errors);
    }

    [Fact]
    public void Parse_Utf16WithBom_Decodes()
    {
        var doc = FeedFixtures.Parse("utf16-bom.xml");

        Assert.Equal("日本語のフィード", doc.Feed.Title);
        Assert.Equal("über", doc.Items[0].Title);
        Assert.Equal("utf-16", doc.Encoding);
    }

    [Fact]
    public void Parse_HttpCharset_OverridesXmlDeclaration()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>Gr\u00fc\u00dfe</title></channel></rss>");

        var doc = FeedParser.Parse(bytes, null, "text/xml; charset=iso-8859-1");

        Assert.Equal("Grüße", doc.Feed.Title);
        Assert.Empty(doc.Errors);
    }

    [Fact]
    public void Parse_BytesNotValidInDeclaredUtf8_FallBackToWindows1252WithError()
    {
        var doc = FeedFixtures.Parse("mislabelled-1252.xml");

        Assert.Equal("\u201cQuoted\u201d headline", doc.Feed.Title);
        Assert.Contains(doc.Errors, e => e.Contains("windows-1252", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EbcdicDocument_IsDetectedFromItsFirstBytes()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"cp037\"?><rss><channel><title>Mainframe</title></channel></rss>";
        var doc = FeedParser.Parse(Encoding.GetEncoding(37).GetBytes(xml));

        Assert.Equal("Mainframe", doc.Feed.Title);
    }

    [Fact]
    public void Parse_UndeclaredHtmlEntities_AreRecovered()
    {
        var doc = FeedFixtures.Parse("nbsp-cdata.xml");

        Assert.Equal("Café\u00a0Corner © 2026", doc.Feed.Title);
        Assert.Contains(doc.Errors, e => e.Contains("&nbsp;", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CdataSections_AreTextAndMarkup()
    {
        var item = FeedFixtures.Parse("nbsp-cdata.xml").Items[0];

        Assert.Equal("Beans & brews", item.Title);
        Assert.Equal("<p>Price:\u00a03€</p>", item.Summary);
    }

    [Theory]
    [InlineData("alpha", "\u03b1")]
    [InlineData("hellip", "\u2026")]
    [InlineData("lang", "\u2329")]
    [InlineData("euro", "\u20ac")]
    public void Parse_UndeclaredEntityName_ReadsHtmlMeaning(string name, string expected)
    {
        var doc = FeedFixtures.ParseXml($"<rss><channel><title>testing &{name}; entity</title></channel></rss>");

        Assert.Equal($"testing {expected} entity", doc.Feed.Title);
    }

    [Fact]
    public void Parse_UnknownEntity_IsKeptLiterally()
    {
        var doc = FeedFixtures.ParseXml("<rss><channel><title>testing &doesnotexist; entity</title></channel></rss>");

        Assert.Equal("testing &doesnotexist; entity", doc.Feed.Title);
    }

    [Fact]
    public void Parse_ExternalEntityAndEntityBomb_AreNeverExpanded()
    {
        var doc = FeedFixtures.Parse("xxe.xml");

        Assert.Equal("Entity test &secret;", doc.Feed.Title);
        Assert.Equal("Laughs &lol3;", doc.Items[0].Title);
        Assert.DoesNotContain("root:", doc.Feed.Title, StringComparison.Ordinal);
        Assert.Contains(doc.Errors, e => e.Contains("DTD processing is disabled", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TruncatedFeed_ReturnsWhatWasReadWithError()
    {
        var doc = FeedFixtures.Parse("truncated.xml");

        Assert.True(doc.IsFeed);
        Assert.Equal("Cut short", doc.Feed.Title);
        Assert.Equal(2, doc.Items.Count);
        Assert.Equal("https://cut.example/2", doc.Items[1].Link);
        Assert.Equal("Half a sent", doc.Items[1].Summary);
        Assert.Contains(doc.Errors, e => e.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MismatchedAndUnclosedTags_RecoverStructure()
    {
        var doc = FeedFixtures.ParseXml("""
            <rss><channel><title>Broken</title>
            <item><title>One</title><description>Open <b>bold</description></item>
            <item><title>Two & three</title></stray></item>
            </channel></rss>
            """);

        Assert.Equal(2, doc.Items.Count);
        Assert.Equal("Open <b>bold</b>", doc.Items[0].Summary);
        Assert.Equal("Two & three", doc.Items[1].Title);
        Assert.True(doc.Errors.Count >= 3);
    }

    [Fact]
    public void Parse_UndeclaredPrefix_UsesConventionalNamespace()
    {
        var doc = FeedFixtures.ParseXml("<rss><channel><item><dc:creator>Ann</dc:creator><content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded></item></channel></rss>");

        Assert.Equal("Ann", doc.Items[0].Authors[0].Name);
        Assert.Equal("<p>Body</p>", doc.Items[0].Content);
    }

    [Fact]
    public void Parse_DeepNesting_IsCappedWithError()
    {
        var xml = "<rss><channel><item><description>" + string.Concat(Enumerable.Repeat("<div>", 5000)) + "deep" + "</description></item></channel></rss>";

        var doc = FeedFixtures.ParseXml(xml);

        Assert.Single(doc.Items);
        Assert.Contains(doc.Errors, e => e.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DocumentOverSizeCap_ReadsTheBeginning()
    {
        var xml = "<rss><channel><title>Big</title>" + string.Concat(Enumerable.Repeat("<item><title>x</title></item>", 1000)) + "</channel></rss>";

        var doc = FeedParser.Parse(Encoding.UTF8.GetBytes(xml), null, null, new FeedParserOptions { MaxDocumentBytes = 2000 });

        Assert.Equal("Big", doc.Feed.Title);
        Assert.InRange(doc.Items.Count, 1, 100);
        Assert.Contains(doc.Errors, e => e.Contains("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_HtmlPage_IsNotAFeed()
    {
        var doc = FeedFixtures.ParseXml("<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>");

        Assert.False(doc.IsFeed);
        Assert.Contains(doc.Errors, e => e.Contains("not a feed", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EmptyInput_IsNotAFeed()
    {
        var doc = FeedParser.Parse(ReadOnlySpan<byte>.Empty);

        Assert.False(doc.IsFeed);
        Assert.NotEmpty(doc.Errors);
    }

    [Fact]
    public void Parse_JavascriptLinks_AreDropped()
    {
        var doc = FeedFixtures.ParseXml("<rss><channel><link>javascript:alert(1)</link><item><link> java\tscript:alert(2)</link></item></channel></rss>");

        Assert.Null(doc.Feed.Link);
        Assert.Null(doc.Items[0].Link);
    }
}
