using System.Text;
using Ingestor.Articles;
using Ingestor.Normalize;
using Ingestor.Normalize.Html;

namespace Ingestor.Tests.Normalize.Html;

public sealed class HtmlArticleExtractorTests
{
    internal static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "html", name));

    private static Article Build(ExtractedContent content, string? url = null) =>
        ArticleBuilder.Build(content, new RawDocument { Origin = "test", Format = DocumentFormat.Html, Content = Array.Empty<byte>(), Url = url });

    /// <summary>A page body with enough article text to be found, wrapped in the markup given.</summary>
    private static string Page(string body, string head = "") =>
        $"<!DOCTYPE html><html><head><title>Test page</title>{head}</head><body>{body}</body></html>";

    private const string Sentence =
        "The committee met for three hours on Wednesday, heard from eleven witnesses, and agreed to publish its findings before the end of the year.";

    [Fact]
    public void Extract_NewsPageWithBoilerplate_KeepsOnlyArticleParagraphs()
    {
        var content = HtmlArticleExtractor.Extract(Fixture("news-boilerplate.html"), new Uri("https://gazette.example/news/harbour-bridge-reopens?utm_source=x"));
        var article = Build(content);

        var paragraphs = article.Paragraphs.ToList();
        Assert.Equal(6, paragraphs.Count);
        Assert.StartsWith("RIVERSIDE — The harbour bridge reopened", paragraphs[0], StringComparison.Ordinal);
        Assert.StartsWith("The ferry service, which carried", paragraphs[^1], StringComparison.Ordinal);
        foreach (var furniture in (string[])["Share on Facebook", "Advertisement", "Read more", "Related stories", "Cracks found",
                     "Most read", "About time too", "newsletter", "Transport", "cookies", "All rights reserved", "Photo: Jo Park",
                     "The bridge at dawn", "Amelia Hart", "Home"])
        {
            Assert.DoesNotContain(furniture, article.Body, StringComparison.Ordinal);
        }
        Assert.Equal(["Traffic expected to return to normal"], article.Headings);
        Assert.Equal("Harbour bridge reopens after two-year repair", article.Title);
        Assert.Equal("RIVERSIDE", article.Dateline);
        Assert.Equal("The Riverside Gazette", article.Source);
        Assert.Equal(["Amelia Hart"], article.Authors);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 7, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(PublishedSource.HtmlMeta, article.PublishedSource);
        Assert.Equal("en", article.Language);
        Assert.Equal("https://gazette.example/news/harbour-bridge-reopens", article.CanonicalUrl);
        Assert.Contains("navigation", content.RemovedBoilerplate);
        Assert.Contains("comments", content.RemovedBoilerplate);
        Assert.Contains("related", content.RemovedBoilerplate);
        Assert.Contains("sidebar", content.RemovedBoilerplate);
    }

    [Fact]
    public void Extract_BlogPostWithWidgetsSharingAndComments_KeepsOnlyThePost()
    {
        var article = Build(HtmlArticleExtractor.Extract(Fixture("blog-post.html"), new Uri("https://valley.example/second-bridge/")));

        var paragraphs = article.Paragraphs.ToList();
        Assert.Equal(6, paragraphs.Count);
        Assert.StartsWith("Every weekday morning", paragraphs[0], StringComparison.Ordinal);
        Assert.EndsWith("which side of the river you are stuck on.", paragraphs[^1], StringComparison.Ordinal);
        Assert.Equal(["What a second crossing would change"], article.Headings);
        Assert.Equal("Why our town needs a second bridge", article.Title);
        Assert.Equal(["Ruth Okafor"], article.Authors);
        Assert.Equal("The Valley Notebook", article.Source);
        Assert.Equal(new DateTimeOffset(2019, 5, 14, 14, 12, 0, TimeSpan.Zero), article.Published);
        foreach (var furniture in (string[])["Share this", "Bring back the ferry", "Posted in", "Previous post", "Completely agree",
                     "Recent Posts", "written by neighbours", "Skip to content", "Proudly powered"])
        {
            Assert.DoesNotContain(furniture, article.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extract_ComponentBlocks_JoinsTextBlocksAndDropsLinkBlocks()
    {
        var article = Build(HtmlArticleExtractor.Extract(Fixture("component-news.html"), null));

        var paragraphs = article.Paragraphs.ToList();
        Assert.Equal(6, paragraphs.Count);
        Assert.StartsWith("The coast road between Eastcliff", paragraphs[0], StringComparison.Ordinal);
        Assert.StartsWith("The council said a temporary repair", paragraphs[^1], StringComparison.Ordinal);
        Assert.Equal(["'We are cut off'"], article.Headings);
        Assert.Equal(["Tom Reilly"], article.Authors);
        Assert.Equal("Storm closes coastal road for third day", article.Title);
        foreach (var furniture in (string[])["Image caption", "Waves broke", "Storm warning issued", "lighthouse keepers", "Copyright", "Weather"])
        {
            Assert.DoesNotContain(furniture, article.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extract_JsonLdGraph_ReadsHeadlineAuthorsDatePublisherAndLanguage()
    {
        var content = HtmlArticleExtractor.Extract(Fixture("jsonld-graph.html"), null);

        Assert.Equal("Le marché couvert rouvre ses portes", content.Title);
        Assert.Equal(["Claire Dubois", "Marc Lenoir"], content.Authors);
        Assert.Equal(new DateTimeOffset(2023, 11, 18, 5, 45, 0, TimeSpan.Zero), content.Published);
        Assert.Equal(PublishedSource.HtmlMeta, content.PublishedSource);
        Assert.Equal("Journal du Val", content.Source);
        Assert.Equal("fr", content.LanguageHint);
        Assert.Equal("https://journal.example/2023/marche/", content.CanonicalUrl);
        Assert.Equal(3, content.Blocks.Count);
        Assert.All(content.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
    }

    [Fact]
    public void Extract_OpenGraphOnly_TakesTitleWithoutSiteNameAndSkipsProfileUrlsAsAuthors()
    {
        var content = HtmlArticleExtractor.Extract(Fixture("opengraph-only.html"), null);
        var article = Build(content);

        Assert.Equal("City council approves new cycle lanes", article.Title);
        Assert.Equal("Metro Daily", article.Source);
        Assert.Equal(["Joe Bloggs"], article.Authors);
        Assert.Equal(new DateTimeOffset(2022, 6, 14, 17, 5, 0, TimeSpan.Zero), article.Published);
        Assert.Equal("https://metro.example/2022/06/cycle-lanes", article.CanonicalUrl);
        Assert.Equal("https://metro.example/2022/06/cycle-lanes?utm_source=rss", article.Url);
        Assert.Equal(3, article.Paragraphs.Count());
    }

    [Fact]
    public void Extract_RelativeCanonicalAndBase_ResolvesAgainstPageUrl()
    {
        var content = HtmlArticleExtractor.Extract(Fixture("relative-urls.html"), new Uri("https://library.example/news/item?id=7"));

        Assert.Equal("https://library.example/archive/2021/library-hours.html", content.CanonicalUrl);
        Assert.Equal("https://library.example/news/item?id=7", content.Url);
        Assert.Equal(["Sam Reyes"], content.Authors);
        Assert.Equal(new DateTimeOffset(2021, 9, 2, 10, 0, 0, TimeSpan.Zero), content.Published);
        Assert.Equal("Library extends opening hours", content.Title);
    }

    [Fact]
    public void Extract_VisibleBylineOnly_ReadsAuthorsFromIt()
    {
        var html = Page($"""
            <article>
              <h1>Test page</h1>
              <div class="article-byline">By <a href="/staff/ana">Ana Souza</a> and <a href="/staff/li">Li Wei</a> | March 3, 2024</div>
              <p>{Sentence}</p><p>{Sentence}</p>
            </article>
            """);

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(["Ana Souza", "Li Wei"], content.Authors);
        Assert.DoesNotContain(content.Blocks, b => b.Text.Contains("Ana Souza", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_CdataWrappedJsonLd_IsRead()
    {
        var head = """
            <script type="application/ld+json">//<![CDATA[
            {"@type":"BlogPosting","headline":"Wrapped","datePublished":"2020-02-02T10:00:00Z","author":"Kim Lee"}
            //]]></script>
            """;
        var html = Page($"<article><p>{Sentence}</p><p>{Sentence}</p></article>", head);

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(new DateTimeOffset(2020, 2, 2, 10, 0, 0, TimeSpan.Zero), content.Published);
        Assert.Equal(["Kim Lee"], content.Authors);
    }

    [Fact]
    public void Extract_RelativeCanonicalWithoutPageUrl_LeavesCanonicalUnknown()
    {
        var content = HtmlArticleExtractor.Extract(Fixture("relative-urls.html"), null);

        Assert.Null(content.CanonicalUrl);
        Assert.Null(content.Url);
    }

    [Fact]
    public void Extract_Windows1252MetaCharset_DecodesAccentsAndQuotes()
    {
        var html = Page($"<article><p>Caf\u00e9 owners in Montr\u00e9al say \u201cbusiness is back\u201d \u2013 {Sentence}</p><p>{Sentence}</p><p>{Sentence}</p></article>",
            "<meta charset=\"windows-1252\">");
        var bytes = CodePages.Windows1252.GetBytes(html);

        var content = HtmlArticleExtractor.Extract(bytes, contentType: null, pageUrl: null);

        Assert.StartsWith("Caf\u00e9 owners in Montr\u00e9al say \u201cbusiness is back\u201d \u2013 The committee", content.Blocks[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HttpCharsetDisagreesWithMeta_HttpCharsetWins()
    {
        var html = Page($"<article><p>Na\u00efve r\u00e9sum\u00e9 \u2014 {Sentence}</p><p>{Sentence}</p></article>", "<meta charset=\"utf-8\">");
        var bytes = CodePages.Windows1252.GetBytes(html);

        var content = HtmlArticleExtractor.Extract(bytes, "text/html; charset=windows-1252", null);

        Assert.StartsWith("Na\u00efve r\u00e9sum\u00e9 \u2014", content.Blocks[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Utf8BytesWithoutDeclaration_DecodedAsUtf8()
    {
        var html = Page($"<article><p>Z\u00fcrich \u2192 K\u00f8benhavn: {Sentence}</p><p>{Sentence}</p></article>");

        var content = HtmlArticleExtractor.Extract(Encoding.UTF8.GetBytes(html), null, null);

        Assert.StartsWith("Z\u00fcrich \u2192 K\u00f8benhavn:", content.Blocks[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SubHeadings_AreHeadingBlocksInReadingOrder()
    {
        var html = Page($"""
            <article>
              <h1>Test page</h1>
              <p>{Sentence}</p>
              <h2>What happens next</h2>
              <p>{Sentence}</p>
              <h3>Who pays</h3>
              <p>{Sentence}</p>
            </article>
            """);

        var content = HtmlArticleExtractor.Extract(html, null);
        var article = Build(content);

        Assert.Equal(
            [BlockKind.Paragraph, BlockKind.Heading, BlockKind.Paragraph, BlockKind.Heading, BlockKind.Paragraph],
            content.Blocks.Select(b => b.Kind));
        Assert.Equal(["What happens next", "Who pays"], article.Headings);
        Assert.DoesNotContain("What happens next", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(content.Blocks, b => b.Text == "Test page");
    }

    [Fact]
    public void Extract_ProseMarkedUpAsHeading_IsAParagraph()
    {
        var html = Page($"""
            <article>
              <h2>The mayor said on Monday that the city would not raise taxes this year, despite a shortfall in its budget.</h2>
              <p>{Sentence}</p><p>{Sentence}</p>
            </article>
            """);

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(BlockKind.Paragraph, content.Blocks[0].Kind);
    }

    [Fact]
    public void Extract_DoubleLineBreaks_SplitParagraphs()
    {
        var html = Page($"""
            <div class="post-body">
              First paragraph: {Sentence}<br><br>
              Second paragraph: {Sentence}<br/>
              still the second paragraph after a single break.
              <br>   <br><br>
              Third paragraph: {Sentence}
            </div>
            """);

        var content = HtmlArticleExtractor.Extract(html, null);

        var texts = content.Blocks.Select(b => b.Text).ToList();
        Assert.Equal(3, texts.Count);
        Assert.StartsWith("First paragraph:", texts[0], StringComparison.Ordinal);
        Assert.EndsWith("still the second paragraph after a single break.", texts[1], StringComparison.Ordinal);
        Assert.StartsWith("Third paragraph:", texts[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ListItemsAndBlockquotes_BecomeParagraphs()
    {
        var html = Page($"""
            <article>
              <p>{Sentence}</p>
              <ul><li>First point, which is made at some length so that the list reads as part of the story.</li>
                  <li>Second point, also long enough to be a sentence of the article and not a menu item.</li></ul>
              <blockquote><p>A quoted passage from the report, which the article cites in full.</p></blockquote>
              <p>{Sentence}</p>
            </article>
            """);

        var texts = HtmlArticleExtractor.Extract(html, null).Blocks.Select(b => b.Text).ToList();

        Assert.Contains("First point, which is made at some length so that the list reads as part of the story.", texts);
        Assert.Contains("A quoted passage from the report, which the article cites in full.", texts);
        Assert.Equal(5, texts.Count);
    }

    [Fact]
    public void Extract_HiddenElementsAndScripts_AreNotText()
    {
        var html = Page($"""
            <article>
              <p>{Sentence}</p>
              <p style="display: none">Hidden teaser text that no reader sees on the page at all.</p>
              <p hidden>Another hidden paragraph that is not part of the article text.</p>
              <script>var notText = "script text should never appear";</script>
              <noscript>Please enable JavaScript to read this article properly.</noscript>
              <p>{Sentence}</p>
            </article>
            """);

        var article = Build(HtmlArticleExtractor.Extract(html, null));

        Assert.DoesNotContain("Hidden", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("script text", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("JavaScript", article.Body, StringComparison.Ordinal);
        Assert.Equal(2, article.Paragraphs.Count());
    }

    [Fact]
    public void Extract_ArticleSplitByAdsIntoSiblingBlocks_JoinsTheBlocks()
    {
        var part = string.Join("", Enumerable.Range(0, 4).Select(i => $"<p>Part paragraph {i}: {Sentence}</p>"));
        var html = Page($"""
            <div class="main">
              <div class="story-text">{part}</div>
              <div class="ad-container"><iframe src="https://ads.example/slot"></iframe></div>
              <div class="story-text">{part}</div>
            </div>
            <div class="sidebar"><ul><li><a href="/a">Elsewhere one</a></li><li><a href="/b">Elsewhere two</a></li></ul></div>
            """);

        var article = Build(HtmlArticleExtractor.Extract(html, null));

        Assert.Equal(8, article.Paragraphs.Count());
    }

    [Fact]
    public void Extract_ScriptRenderedPageWithJsonLdBody_TakesTheStatedBody()
    {
        var body = string.Join("\\n", Enumerable.Range(1, 5).Select(i => $"Paragraph {i}. {Sentence}"));
        var head = $$"""<script type="application/ld+json">{"@type":"NewsArticle","headline":"Stated","articleBody":"{{body}}"}</script>""";
        var html = Page("<div id='app'><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div class='loading'>Loading the article</div></div>", head);

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(5, content.Blocks.Count);
        Assert.StartsWith("Paragraph 1. The committee met", content.Blocks[0].Text, StringComparison.Ordinal);
        Assert.Equal("Stated", content.Title);
    }

    [Fact]
    public void Extract_JsonLdBodyAgreesWithPage_DropsBlocksOutsideIt()
    {
        var body = string.Join(" ", Enumerable.Range(1, 4).Select(i => $"Paragraph {i}. {Sentence}"));
        var head = $$"""<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"{{body}}"}</script>""";
        var paragraphs = string.Concat(Enumerable.Range(1, 4).Select(i => $"<p>Paragraph {i}. {Sentence}</p>"));
        var html = Page($"<article>{paragraphs}<p>Our journalism is funded by readers like you, so please consider supporting the newsroom today.</p></article>", head);

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(4, content.Blocks.Count);
        Assert.DoesNotContain(content.Blocks, b => b.Text.Contains("funded by readers", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_EmptyPage_IsRejected()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => HtmlArticleExtractor.Extract("<html><head><title>x</title></head><body></body></html>", null));

        Assert.Contains("No article text", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PageOfPicturesUnderHeadings_GivesHeadingsAsText()
    {
        var html = Page("<article><h2>Harbour at dawn</h2><img src=\"a.jpg\" alt=\"\"><h2>The new bridge</h2><img src=\"b.jpg\" alt=\"\"></article>");

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(["Harbour at dawn", "The new bridge"], content.Blocks.Select(b => b.Text));
        Assert.All(content.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
    }

    [Fact]
    public void Extract_PageWithPicturesOnly_IsRejected()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => HtmlArticleExtractor.Extract(Page("<article><img src=\"a.jpg\"><img src=\"b.jpg\"></article>"), null));

        Assert.Contains("No article text", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ShortArticle_KeepsWhatThereIs()
    {
        var content = HtmlArticleExtractor.Extract(Page("<article><h1>Ferry resumes</h1><p>The ferry runs again from Monday.</p></article>"), null);

        Assert.Equal("The ferry runs again from Monday.", Assert.Single(content.Blocks, b => b.Kind == BlockKind.Paragraph).Text);
    }

    [Fact]
    public void Extract_InlineSvgBeforeArticle_ReturnsToHtmlAfterIt()
    {
        // An end tag inside SVG must close the SVG element, not be taken for the end of a script.
        var html = Page($"<header><span class=\"logo\"><svg viewBox=\"0 0 8 8\"><path d=\"M0 0h8v8z\"></path><title>Logo</title></svg></span></header>" +
                        $"<main><article><p>{Sentence}</p><p>{Sentence}</p><p>{Sentence}</p><p>{Sentence}</p></article></main>");

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(4, content.Blocks.Count(b => b.Text == Sentence));
        Assert.DoesNotContain(content.Blocks, b => b.Text.Contains("Logo", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_SpaceBetweenInlineElements_IsKept()
    {
        var html = Page($"<article><p>{Sentence} Browsers can block <em>third-party</em> <a href=\"/r\">requests</a> entirely.</p><p>{Sentence}</p><p>{Sentence}</p></article>");

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Contains(content.Blocks, b => b.Text.EndsWith("block third-party requests entirely.", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_ParagraphMisplacedInTable_IsKept()
    {
        // The tree builder moves content that is not allowed in a table out of it (foster parenting).
        var html = Page($"<article><table><tr><td>{Sentence}</td></tr><p>Stray paragraph the layout table could not hold, long enough to count as prose here.</p></table><p>{Sentence}</p><p>{Sentence}</p></article>");

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Contains(content.Blocks, b => b.Text.StartsWith("Stray paragraph", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_MisnestedFormatting_KeepsTextOnce()
    {
        var html = Page($"<article><p>{Sentence} <b>Bold <i>both</b> italic</i> end.</p><p>{Sentence}</p><p>{Sentence}</p></article>");

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Contains(content.Blocks, b => b.Text.EndsWith("Bold both italic end.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Extract_BlankInput_IsRejected(string html)
    {
        Assert.Throws<DocumentRejectedException>(() => HtmlArticleExtractor.Extract(html, null));
    }

    [Fact]
    public void Extract_EmptyBytes_IsRejected()
    {
        Assert.Throws<DocumentRejectedException>(() => HtmlArticleExtractor.Extract(ReadOnlySpan<byte>.Empty, null, null));
    }

    [Fact]
    public void Extract_BinaryBytes_IsRejected()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00 };

        Assert.Throws<DocumentRejectedException>(() => HtmlArticleExtractor.Extract(bytes, null, null));
    }

    [Fact]
    public void Extract_TenThousandNestedElements_DoesNotOverflowAndFindsText()
    {
        var depth = 10_000;
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) +
                   $"<p>{Sentence}</p><p>{Sentence}</p>" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(2, content.Blocks.Count(b => b.Text == Sentence));
    }

    [Fact]
    public void Extract_DeeplyNestedInlineAndTableMarkup_DoesNotOverflow()
    {
        var html = "<html><body><p>" + string.Concat(Enumerable.Repeat("<b><i><table><tr><td><span>", 3_000)) + Sentence + "</p></body></html>";

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Contains(content.Blocks, b => b.Text.Contains("The committee met", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<p>unclosed <b>bold <i>italic <a href='x'>link")]
    [InlineData("</div></div></p><p>stray closers and text that goes on for a little while")]
    [InlineData("<table><p>text inside a table without cells, which the parser moves</table>")]
    [InlineData("<<<>>><p <p <p>>> odd brackets and a sentence of text after them")]
    [InlineData("<svg><p>foreign content mixed <math><mi>x</mi></math></svg> then plain text")]
    [InlineData("<script type='application/ld+json'>{ broken json ,,, </script><p>text after broken JSON-LD that is long enough</p>")]
    [InlineData("<meta charset='no-such-charset'><p>a page naming a charset that does not exist at all</p>")]
    public void Extract_MalformedMarkup_ReturnsTextOrRejects(string fragment)
    {
        try
        {
            var content = HtmlArticleExtractor.Extract(fragment, null);
            Assert.NotEmpty(content.Blocks);
        }
        catch (DocumentRejectedException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
        }
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Extract_RandomTagSoup_NeverThrowsAnythingButRejection()
    {
        var random = new Random(20240305);
        string[] pieces = ["<div>", "</div>", "<p>", "</p>", "<table>", "<td>", "<li>", "<ul>", "</ul>", "<br>", "<a href=#>", "</a>",
            "<h2>", "</h2>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#xD800;", "&bogus;", "<",
            ">", "\"", "'", "<svg>", "<math>", "<template>", "<select>", "<option>", "word ", "sentence, with commas. ", "\0"];
        for (var round = 0; round < 300; round++)
        {
            var sb = new StringBuilder();
            var length = random.Next(1, 600);
            for (var i = 0; i < length; i++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }
            try
            {
                HtmlArticleExtractor.Extract(sb.ToString(), null);
            }
            catch (DocumentRejectedException)
            {
            }
        }
    }

    [Fact]
    public void Extract_HugePage_IsHandled()
    {
        var paragraph = $"<p>{Sentence}</p>";
        var html = Page("<article>" + string.Concat(Enumerable.Repeat(paragraph, 40_000)) + "</article>");

        var content = HtmlArticleExtractor.Extract(html, null);

        Assert.Equal(40_000, content.Blocks.Count);
    }

    [Fact]
    public void Extract_ConcurrentCalls_GiveTheSameResult()
    {
        var html = Fixture("news-boilerplate.html");
        var expected = string.Join("\n", HtmlArticleExtractor.Extract(html, null).Blocks.Select(b => b.Text));

        var results = new string[16];
        Parallel.For(0, results.Length, i => results[i] = string.Join("\n", HtmlArticleExtractor.Extract(html, null).Blocks.Select(b => b.Text)));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Extract_RawDocument_UsesContentTypeAndUrl()
    {
        var html = Page($"<article><p>Gr\u00fc\u00dfe aus K\u00f6ln: {Sentence}</p><p>{Sentence}</p></article>");
        var raw = new RawDocument
        {
            Origin = "https://example.org/a",
            Format = DocumentFormat.Html,
            Content = CodePages.Windows1252.GetBytes(html),
            ContentType = "text/html; charset=ISO-8859-1",
            Url = "https://example.org/a",
        };

        var content = HtmlArticleExtractor.Extract(raw);

        Assert.StartsWith("Gr\u00fc\u00dfe aus K\u00f6ln", content.Blocks[0].Text, StringComparison.Ordinal);
        Assert.Equal("https://example.org/a", content.Url);
    }
}

internal static class CodePages
{
    public static Encoding Windows1252 { get; } = Create();

    public static Encoding Get(string name)
    {
        Create();
        return Encoding.GetEncoding(name);
    }

    private static Encoding Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
