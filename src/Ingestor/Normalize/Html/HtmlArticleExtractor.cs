using AngleSharp.Html.Parser;
using Ingestor.Articles;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Reads a news page: the article's paragraphs and headings in reading order without the page's
/// navigation, sidebars, share bars, related links and comments, plus the metadata the page states
/// (headline, site, authors, published time, canonical URL, language).
/// Stateless and thread-safe: call it from any number of threads.
/// </summary>
public static class HtmlArticleExtractor
{
    /// <summary>Longest page read, in characters; the rest of a bigger page is ignored.</summary>
    public const int MaxPageChars = 16 * 1024 * 1024;

    /// <summary>Below this much text the extraction is retried with fewer cleaning rules.</summary>
    private const int EnoughText = 500;

    private static readonly HtmlParserOptions ParserOptions = new()
    {
        IsScripting = false,
        SkipComments = true,
        SkipProcessingInstructions = true,
        DisableElementPositionTracking = true,
        // Script and style text is never article text; JSON-LD is read from the source (PageTreeBuilder.FindJsonLd).
        SkipScriptText = true,
        SkipRawText = true,
        // AngleSharp's cap on nesting depth; everything deeper is attached at this level, nothing is dropped.
        MaximumDepth = 512,
    };

    private static readonly HtmlParser Parser = LightDom.CreateParser(ParserOptions);

    /// <summary>Deepest element nesting kept; deeper start tags are dropped, their text stays.</summary>
    private const int MaxNesting = 256;

    private static readonly FinderRules[] Attempts =
    [
        FinderRules.All,
        FinderRules.WeighClasses | FinderRules.CleanConditionally,
        FinderRules.CleanConditionally,
        FinderRules.None,
    ];

    /// <summary>Extracts the article of a collected document (bytes, Content-Type and URL as collected).</summary>
    /// <exception cref="DocumentRejectedException">The page holds no article text, or cannot be read.</exception>
    public static ExtractedContent Extract(RawDocument raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Uri? url = null;
        if (raw.Url is not null)
        {
            Uri.TryCreate(raw.Url, UriKind.Absolute, out url);
        }
        return Extract(raw.Content.Span, raw.ContentType, url);
    }

    /// <summary>Extracts the article of a page given as bytes; the charset comes from the BOM, <paramref name="contentType"/> or the page.</summary>
    /// <exception cref="DocumentRejectedException">The page holds no article text, or cannot be read.</exception>
    public static ExtractedContent Extract(ReadOnlySpan<byte> html, string? contentType, Uri? pageUrl)
    {
        if (html.IsEmpty)
        {
            throw new DocumentRejectedException("The page is empty.");
        }
        if (html.Length > MaxPageChars * 2)
        {
            html = html[..(MaxPageChars * 2)];
        }
        return Extract(HtmlCharset.Decode(html, contentType), pageUrl);
    }

    /// <summary>Extracts the article of a page given as text.</summary>
    /// <param name="html">The page's HTML.</param>
    /// <param name="pageUrl">The page's address: resolves relative links and is the article URL.</param>
    /// <exception cref="DocumentRejectedException">The page holds no article text, or cannot be read.</exception>
    public static ExtractedContent Extract(string html, Uri? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (string.IsNullOrWhiteSpace(html))
        {
            throw new DocumentRejectedException("The page is empty.");
        }
        try
        {
            // Bounded nesting before the parser sees it: 100,000 nested elements otherwise cost minutes.
            return ExtractCore(HtmlSanitizer.LimitNesting(html.Length > MaxPageChars ? html[..MaxPageChars] : html, MaxNesting), pageUrl);
        }
        catch (Exception ex) when (ex is not (DocumentRejectedException or OutOfMemoryException or OperationCanceledException))
        {
            // AngleSharp copes with any markup; this is the last guard so one odd page cannot stop the pipeline.
            throw new DocumentRejectedException($"The HTML could not be read ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }

    private static ExtractedContent ExtractCore(string html, Uri? pageUrl)
    {
        var document = LightDom.Parse(Parser, html);
        var (tree, signals) = PageTreeBuilder.Build(document, html.Length, PageTreeBuilder.FindJsonLd(html));
        var jsonLd = JsonLdReader.Read(signals.JsonLd, pageUrl?.AbsoluteUri);

        var labels = new HashSet<string>(StringComparer.Ordinal);
        var finder = new ContentFinder(tree, labels);
        List<int> roots = [];
        List<WrittenBlock> written = [];
        string[] removed = [];
        var bestLength = -1;
        foreach (var rules in Attempts)
        {
            labels.Clear();
            var attemptRoots = finder.Find(rules);
            var attemptBlocks = new BlockWriter(tree).Write(attemptRoots);
            var length = attemptBlocks.Where(b => b.Kind == BlockKind.Paragraph).Sum(b => b.Text.Length);
            if (length > bestLength)
            {
                (roots, written, removed, bestLength) = (attemptRoots, attemptBlocks, [.. labels], length);
            }
            if (length >= EnoughText)
            {
                break;
            }
        }

        var metadata = MetadataReader.Read(signals, tree, jsonLd, pageUrl, roots);
        var removedLabels = new HashSet<string>(removed, StringComparer.Ordinal);
        var statedBody = jsonLd?.IsArticle == true ? jsonLd.ArticleBody : null;
        var blocks = BlockFilter.Apply(written, metadata.Title, statedBody, removedLabels);
        if (BlockFilter.StatedBodyInstead(blocks, statedBody) is { } fromJsonLd)
        {
            blocks = fromJsonLd;
            removedLabels.Add("page-text-replaced-by-json-ld");
        }
        if (!blocks.Any(b => b.Kind == BlockKind.Paragraph))
        {
            throw new DocumentRejectedException("No article text was found in the page.");
        }

        return new ExtractedContent
        {
            Title = metadata.Title,
            Blocks = blocks,
            Dateline = blocks.Where(b => b.Kind == BlockKind.Paragraph).Take(3).Select(b => MetadataReader.Dateline(b.Text)).FirstOrDefault(d => d is not null),
            Url = metadata.Url,
            CanonicalUrl = metadata.CanonicalUrl,
            Source = metadata.Source,
            Authors = metadata.Authors,
            Published = metadata.Published,
            PublishedSource = metadata.Published is null ? null : PublishedSource.HtmlMeta,
            LanguageHint = metadata.Language,
            RemovedBoilerplate = removedLabels.Order(StringComparer.Ordinal).ToList(),
        };
    }
}
