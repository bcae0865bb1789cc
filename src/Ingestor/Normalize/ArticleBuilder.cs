using System.Security.Cryptography;
using System.Text;
using Ingestor.Articles;
using Ingestor.Normalize.Language;

namespace Ingestor.Normalize;

/// <summary>
/// The finishing steps every article shares, whatever its format: clean text, a title, lead and
/// word count, a published time with its provenance, language, content hash and stable id.
/// </summary>
public static class ArticleBuilder
{
    public const int MaxTitleLength = 240;

    /// <exception cref="DocumentRejectedException">Nothing readable is left to make an article of.</exception>
    public static Article Build(ExtractedContent content, RawDocument raw)
    {
        var paragraphs = new List<string>();
        var headings = new List<string>();
        foreach (var block in content.Blocks)
        {
            var text = TextCleaner.CleanInline(block.Text);
            if (text.Length == 0)
            {
                continue;
            }
            (block.Kind == BlockKind.Heading ? headings : paragraphs).Add(text);
        }
        if (paragraphs.Count == 0)
        {
            throw new DocumentRejectedException("No article text was found (every block was empty or boilerplate).");
        }

        var body = string.Join("\n\n", paragraphs);
        var title = TextCleaner.CleanInline(content.Title);
        if (title.Length == 0)
        {
            title = TextCleaner.CleanInline(raw.Feed?.Title);
        }
        if (title.Length == 0)
        {
            title = Sentences.First(paragraphs[0]);
        }
        title = Shorten(title, MaxTitleLength);

        var url = FirstNonEmpty(content.Url, raw.Url);
        var canonicalUrl = UrlCanonicalizer.Canonicalize(content.CanonicalUrl) ?? UrlCanonicalizer.Canonicalize(url);
        var (published, publishedSource) = ChoosePublished(content, raw);
        var contentHash = Hash("content\n" + title + "\n" + body, 32);
        var id = canonicalUrl is not null ? Hash("url\n" + canonicalUrl, 16) : Hash("content\n" + body, 16);

        return new Article
        {
            Id = id,
            Title = title,
            Body = body,
            Lead = paragraphs[0],
            Headings = headings,
            Dateline = NullIfEmpty(TextCleaner.CleanInline(content.Dateline)),
            Url = url,
            CanonicalUrl = canonicalUrl,
            Source = ChooseSource(content, raw, canonicalUrl),
            Authors = CleanList(content.Authors.Concat(raw.Feed?.Authors ?? [])),
            Published = published,
            PublishedSource = publishedSource,
            Language = DetectLanguage(title, body, content.LanguageHint),
            WordCount = TextCleaner.CountWords(body),
            ContentHash = contentHash,
            RemovedBoilerplate = CleanList(content.RemovedBoilerplate),
            Origin = raw.Origin,
        };
    }

    private static (DateTimeOffset?, PublishedSource?) ChoosePublished(ExtractedContent content, RawDocument raw)
    {
        if (content.Published is { } stated)
        {
            return (stated.ToUniversalTime(), content.PublishedSource ?? PublishedSource.Json);
        }
        if (raw.Feed?.Published is { } fromFeed)
        {
            return (fromFeed.ToUniversalTime(), PublishedSource.Feed);
        }
        if (raw.Modified is { } modified)
        {
            return (modified.ToUniversalTime(), PublishedSource.FileMtime);
        }
        return (null, null);
    }

    private static string ChooseSource(ExtractedContent content, RawDocument raw, string? canonicalUrl)
    {
        // A feed's configured name is how users set the source up; a file states its own publisher.
        var stated = TextCleaner.CleanInline(content.Source);
        var configured = TextCleaner.CleanInline(raw.Source);
        var chosen = raw.Feed is not null ? FirstNonEmpty(configured, stated) : FirstNonEmpty(stated, configured);
        if (chosen is not null)
        {
            return chosen;
        }
        if (canonicalUrl is not null && Uri.TryCreate(canonicalUrl, UriKind.Absolute, out var uri))
        {
            return uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
        }
        return "unknown";
    }

    // The detector samples the start of the text itself; a declared language (html lang, JSON field)
    // decides only when the text is weak evidence or agrees.
    private static string DetectLanguage(string title, string body, string? hint) =>
        LanguageDetector.DetectWithConfidence(title + "\n" + body, hint).Language;

    /// <summary>Lower-case hex of SHA-256, truncated to <paramref name="hexLength"/> characters.</summary>
    public static string Hash(string text, int hexLength)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest)[..hexLength];
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(',', ';', ':', ' ') + "…";
    }

    private static List<string> CleanList(IEnumerable<string> values) =>
        values.Select(TextCleaner.CleanInline).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
