using System.Diagnostics;
using System.Text;
using Ingestor.Articles;
using Ingestor.Collect.Feeds;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Ingestor.Normalize;
using Ingestor.Normalize.Html;
using Ingestor.Tests.Collect.Feeds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Ingestor.Tests.Reliability;

/// <summary>
/// 100,000 generated inputs per parser (feed parser, text normalizer, HTML extractor, query syntax):
/// each input either parses or fails with the parser's own typed, handled error; nothing else escapes.
/// Seeded, so a failure names an input that can be replayed.
/// </summary>
[Trait("Category", "Long")]
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 100_000;

    private static readonly string[] FeedFixtureNames =
        ["rss2.xml", "rss1.xml", "atom10.xml", "atom03.xml", "jsonfeed11.json", "nbsp-cdata.xml", "xxe.xml", "latin1.xml", "utf16-bom.xml", "truncated.xml", "mislabelled-1252.xml"];

    private static readonly string[] XmlPieces =
    [
        "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", "<!DOCTYPE x [<!ENTITY a \"&b;&b;&b;\"><!ENTITY b \"lol\">]>",
        "<!ENTITY e SYSTEM \"file:///etc/passwd\">", "&e;", "&a;", "<rss version=\"2.0\">", "</rss>", "<channel>", "</channel>", "<item>", "</item>",
        "<title>", "</title>", "<link>", "</link>", "<guid isPermaLink=\"false\">", "</guid>", "<description>", "</description>", "<pubDate>", "</pubDate>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "</feed>", "<entry>", "</entry>", "<content type=\"html\">", "</content>", "<updated>", "</updated>",
        "<link href=\"http://example.test/a\"/>", "<author><name>", "</name></author>", "<dc:creator>", "</dc:creator>", "<media:content url=\"x\"/>",
        "<![CDATA[", "]]>", "<!--", "-->", "&amp;", "&lt;", "&#x0;", "&#xD800;", "&#1114112;", "&nbsp;", "&bogus;", "<", ">", "\"", "'", "=", "/",
        "Tue, 10 Jun 2003 04:00:00 GMT", "2003-12-13T18:30:02Z", "31/02/2025", "javascript:alert(1)", "https://example.test/story?id=1",
        "text ", "Harbour strike ends ", "\u00e9t\u00e9 ", "\u6771\u4eac ", "\u202e", "\ufeff", "\0", "\r\n", "{\"version\":\"https://jsonfeed.org/version/1.1\",",
        "\"items\":[{\"id\":\"1\",\"title\":\"t\",\"content_text\":\"x\"}]}", "[", "]", "{", "}", ",", ":", "null",
    ];

    private static readonly string[] TextPieces =
    [
        "The harbour council met on Tuesday. ", "LISBON (Reuters) - ", "By Jane Doe\n", "Related:\n", "Read more: https://example.test\n", "\n\n", "\n", "\r\n",
        "\t", "   ", "\u00a0", "\u200b", "\u202e", "\u0301", "\ufeff", "\ud83d\ude00", "\ud800", "\udc00", "\0", "\u0007", "\u001b[31m", "...", "\u2026", "\u201cquoted\u201d ",
        "Click here to subscribe\n", "Advertisement\n", "\u00a9 2025 Example News\n", "Copyright ", "Share this article\n", "E-mail: a@b.test\n",
        "\u041c\u043e\u0441\u043a\u0432\u0430 ", "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 ", "\u6771\u4eac\u90fd ", "\u00c9t\u00e9 \u00e0 Paris. ", "a", "A.", "Mr. ", "U.S. ",
        "12:30 ", "2025-12-19 ", "###", "====\n", "* ", "- ", "1. ", "|", "<p>", "{", "\"", "'",
    ];

    private static readonly string[] HtmlPieces =
    [
        "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<title>", "</title>", "<meta charset=\"windows-1252\">", "<meta property=\"og:title\" content=\"x\">",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"h\",\"articleBody\":\"", "\"}</script>", "<base href=\"javascript:x\">",
        "<link rel=\"canonical\" href=\"//x\">", "<div>", "</div>", "<p>", "</p>", "<table>", "<td>", "<tr>", "<li>", "<ul>", "</ul>", "<br>", "<a href=#>", "</a>",
        "<h1>", "</h1>", "<h2>", "</h2>", "<article>", "</article>", "<nav>", "</nav>", "<aside>", "<footer>", "<script>", "</script>", "<style>", "</style>",
        "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#xD800;", "&#0;", "&bogus;", "<", ">", "\"", "'", "<svg>", "<math>", "<template>", "<select>", "<option>",
        "<iframe src=\"http://169.254.169.254/\">", "<noscript>", "<time datetime=\"2025-13-45\">", "<span hidden>", "<p style=\"display:none\">", "<pre>",
        "word ", "sentence, with commas. ", "The council voted on the harbour budget after a long debate. ", "\0", "\ud800", "\u202e", "\u00e9",
    ];

    private static readonly string[] QueryPieces =
    [
        "gaza", "ceasefire", "summ*", "*", "**", "\"", "\"board of peace\"", "(", ")", "AND", "OR", "NOT", "and", "or", "-", "--", "+", "NEAR", "NEAR(a b, 2)",
        "title:", ":", "^", "~", "{", "}", "[", "]", "'", "\\", "/", "al-Thani", "\u201c", "\u201d", "\u2014", "\u00e9t\u00e9", "\u6771\u4eac", "\ud83d\ude00", "\ud800",
        "\0", "\t", " ", "  ", "a", "1", "0x", "%", "_", "NULL", "\u0301", "\u00a0", "\u200b", "DROP TABLE articles;", "'; --", "\"\"", "()", "-(", "*)",
    ];

    private (int Count, TimeSpan Elapsed) Run(string name, int seed, Action<Random, int> one)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        var count = 0;
        for (var i = 0; i < Inputs; i++)
        {
            one(random, i);
            count++;
        }
        watch.Stop();
        output.WriteLine($"{name}: {count:N0} inputs in {watch.Elapsed.TotalSeconds:F1} s (seed {seed})");
        return (count, watch.Elapsed);
    }

    private static string Soup(Random random, string[] pieces, int maxPieces)
    {
        var text = new StringBuilder();
        var length = random.Next(0, maxPieces);
        for (var i = 0; i < length; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }
        return text.ToString();
    }

    private static byte[] Damage(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 10);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 60), bytes.Count - at));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(XmlPieces[random.Next(XmlPieces.Length)]));
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    var from = random.Next(bytes.Count);
                    var length = Math.Min(random.Next(1, 200), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int max)
    {
        var bytes = new byte[random.Next(0, max)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string QueryText(Random random)
    {
        var query = new StringBuilder();
        var pieces = random.Next(0, 14);
        for (var p = 0; p < pieces; p++)
        {
            query.Append(QueryPieces[random.Next(QueryPieces.Length)]);
            if (random.Next(3) > 0)
            {
                query.Append(' ');
            }
        }
        return query.ToString();
    }

    private static string Describe(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";

    [Fact]
    public void FeedParser_100000GeneratedInputs_ReturnADocumentAndNeverThrow()
    {
        var fixtures = FeedFixtureNames.Select(n => File.ReadAllBytes(FeedFixtures.PathOf(n))).ToArray();
        string[] contentTypes = ["application/rss+xml", "text/xml; charset=utf-8", "application/feed+json", "text/html", "application/xml; charset=x-bogus", ""];

        var (count, _) = Run("feed parser", 1001, (random, i) =>
        {
            var bytes = (i % 3) switch
            {
                0 => Damage(fixtures[random.Next(fixtures.Length)], random),
                1 => Encoding.UTF8.GetBytes(Soup(random, XmlPieces, 120)),
                _ => i % 30 == 2 ? RandomBytes(random, 2000) : Damage(Encoding.UTF8.GetBytes(Soup(random, XmlPieces, 80)), random),
            };
            FeedDocument document;
            try
            {
                document = FeedParser.Parse(bytes, new Uri("https://example.test/feed"), contentTypes[random.Next(contentTypes.Length)]);
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {i} threw {ex}\n{Describe(Encoding.UTF8.GetString(bytes))}");
                return;
            }
            Assert.NotNull(document.Items);
            Assert.True(document.Errors.Count <= FeedParserOptions.Default.MaxErrors + 1, $"input {i}: {document.Errors.Count} errors");
            // Script links never survive as an item's link (the scheme, not text further along, decides).
            Assert.All(document.Items, item => Assert.False(
                Uri.TryCreate(item.Link, UriKind.Absolute, out var link) && link.Scheme is "javascript" or "vbscript" or "data", $"input {i}: link {item.Link}"));
        });

        Assert.Equal(Inputs, count);
    }

    [Fact]
    public void TextNormalizer_100000GeneratedInputs_NormalizeOrRejectWithAReason()
    {
        var articles = Directory.GetFiles(TestFiles.Fixture("articles"), "*.txt").Select(File.ReadAllBytes).ToArray();
        var normalized = 0;

        var (count, _) = Run("text normalizer", 2002, (random, i) =>
        {
            var bytes = (i % 4) switch
            {
                0 => Damage(articles[random.Next(articles.Length)], random),
                1 => RandomBytes(random, 600),
                2 => Encoding.Latin1.GetBytes(Soup(random, TextPieces, 60)),
                _ => Encoding.UTF8.GetBytes(Soup(random, TextPieces, 120)),
            };
            try
            {
                var document = DocumentNormalizer.Normalize(new RawDocument { Origin = $"fuzz-{i}.txt", Format = DocumentFormat.Text, Content = bytes });
                Assert.All(document.Articles, a =>
                {
                    Assert.False(string.IsNullOrEmpty(a.Id));
                    Assert.DoesNotContain('\0', a.Body);
                });
                normalized++;
            }
            catch (DocumentRejectedException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Reason), $"input {i} rejected without a reason");
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {i} threw {ex}\n{Describe(Encoding.UTF8.GetString(bytes))}");
            }
        });

        Assert.Equal(Inputs, count);
        output.WriteLine($"  {normalized:N0} normalized, {Inputs - normalized:N0} rejected with a reason");
        Assert.True(normalized > Inputs / 10, "the generator should produce plenty of readable text");
    }

    [Fact]
    public void HtmlExtractor_100000GeneratedPages_ExtractOrRejectWithAReason()
    {
        var pages = Directory.GetFiles(TestFiles.Fixture("html"), "*.html").Select(File.ReadAllBytes).ToArray();
        string?[] contentTypes = [null, "text/html", "text/html; charset=windows-1252", "text/html; charset=utf-16", "text/html; charset=bogus"];
        var extracted = 0;

        var (count, _) = Run("HTML extractor", 3003, (random, i) =>
        {
            var fromFixture = i % 4 == 0;
            var html = fromFixture ? null : Soup(random, HtmlPieces, 150);
            var bytes = fromFixture ? Damage(pages[random.Next(pages.Length)], random) : null;
            try
            {
                var content = bytes is not null
                    ? HtmlArticleExtractor.Extract(bytes, contentTypes[random.Next(contentTypes.Length)], new Uri("https://example.test/news/1"))
                    : HtmlArticleExtractor.Extract(html!, i % 2 == 0 ? null : new Uri("https://example.test/news/2"));
                Assert.NotEmpty(content.Blocks);
                extracted++;
            }
            catch (DocumentRejectedException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Reason), $"input {i} rejected without a reason");
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {i} threw {ex}\n{Describe(html ?? Encoding.UTF8.GetString(bytes!))}");
            }
        });

        Assert.Equal(Inputs, count);
        output.WriteLine($"  {extracted:N0} extracted, {Inputs - extracted:N0} rejected with a reason");
    }

    [Fact]
    public async Task QuerySyntax_100000GeneratedQueries_ParseOrFailWithQuerySyntaxException()
    {
        using var temp = new TempFolder();
        using var index = new SqliteSearchIndex(Options.Create(new SqliteIndexOptions { Path = temp.Combine("index.db") }), TimeProvider.System, NullLogger<SqliteSearchIndex>.Instance);
        await index.InitializeAsync(CancellationToken.None);
        await index.IndexAsync([Ingestor.Tests.Index.Elasticsearch.TestArticles.Bare("q1", "Gaza ceasefire talks", "The board of peace met al-Thani in Doha.")], CancellationToken.None);
        var parsed = 0;
        var searched = 0;

        var random = new Random(4004);
        var watch = Stopwatch.StartNew();
        var count = 0;
        for (var i = 0; i < Inputs; i++, count++)
        {
            var text = i % 500 == 0 ? new string('a', random.Next(990, 1010)) : QueryText(random);
            QueryNode? node;
            try
            {
                node = QuerySyntax.Parse(text);
            }
            catch (QuerySyntaxException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                continue;
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {i} threw {ex}\nquery: {Describe(text)}");
                return;
            }
            if (node is null)
            {
                Assert.True(string.IsNullOrWhiteSpace(text), $"input {i}: non-blank query {Describe(text)} parsed to nothing");
                continue;
            }
            parsed++;
            // What the parser prints, it reads back the same.
            var canonical = node.ToSyntax();
            var reparsed = Record.Exception(() => Assert.Equal(canonical, QuerySyntax.Parse(canonical)?.ToSyntax()));
            Assert.True(reparsed is null, $"input {i}: {Describe(text)} printed as {canonical}, which reads back differently: {reparsed?.Message}");
            _ = FtsQuery.From(node);
            if (parsed % 20 == 0)
            {
                // Every 20th parsed query also runs against a real FTS5 index: only a typed error may come back.
                var exception = await Record.ExceptionAsync(() => index.SearchAsync(new SearchRequest { Query = node }, CancellationToken.None));
                Assert.True(exception is null or QuerySyntaxException, $"input {i} ({Describe(text)}): {exception}");
                searched++;
            }
        }
        output.WriteLine($"query syntax: {count:N0} inputs in {watch.Elapsed.TotalSeconds:F1} s (seed 4004)");

        Assert.Equal(Inputs, count);
        output.WriteLine($"  {parsed:N0} parsed, {searched:N0} searched on SQLite FTS5, {Inputs - parsed:N0} refused with a message");
    }
}
