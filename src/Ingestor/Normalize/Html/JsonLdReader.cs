using System.Text;
using System.Text.Json;

namespace Ingestor.Normalize.Html;

/// <summary>What a page's schema.org JSON-LD says about its article.</summary>
internal sealed record JsonLdArticle
{
    public string? Type { get; init; }
    public string? Headline { get; init; }
    public string? DatePublished { get; init; }
    public string? DateModified { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? ArticleBody { get; init; }
    public string? Publisher { get; init; }
    public string? Url { get; init; }
    public string? Language { get; init; }
    /// <summary>True for article types; false for the page-level types used only as a fallback (WebPage).</summary>
    public bool IsArticle { get; init; }
}

/// <summary>
/// Finds the article in a page's JSON-LD blocks: NewsArticle, Article, ReportageNewsArticle,
/// BlogPosting and the other *Article types, at the top level, in arrays, in @graph or as a
/// mainEntity. Broken JSON is skipped; nothing here throws.
/// </summary>
internal static class JsonLdReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static JsonLdArticle? Read(IReadOnlyList<string> blocks, string? pageUrl)
    {
        var found = new List<(JsonLdArticle Article, int Rank)>();
        foreach (var block in blocks)
        {
            using var document = TryParse(block);
            if (document is null)
            {
                continue;
            }
            foreach (var item in Objects(document.RootElement))
            {
                var types = Types(item);
                var isArticle = types.Any(IsArticleType);
                if (!isArticle && !types.Any(IsPageType))
                {
                    continue;
                }
                var article = ReadArticle(item, types, isArticle);
                var rank = (isArticle ? 100 : 0) + (SameUrl(article.Url, pageUrl) ? 20 : 0) +
                           (article.ArticleBody is { Length: > 0 } ? 10 : 0) + (article.Headline is not null ? 5 : 0) +
                           (article.DatePublished is not null ? 2 : 0);
                found.Add((article, rank));
            }
        }
        if (found.Count == 0)
        {
            return null;
        }
        var best = found.MaxBy(f => f.Rank).Article;
        foreach (var (other, _) in found)
        {
            // Only page-level facts carry over: another article's body or headline belongs to someone else.
            best = best with
            {
                Publisher = best.Publisher ?? other.Publisher,
                Language = best.Language ?? other.Language,
                DatePublished = best.DatePublished ?? (other.IsArticle ? null : other.DatePublished),
                Authors = best.Authors.Count > 0 || other.IsArticle ? best.Authors : other.Authors,
            };
        }
        return best;
    }

    private static JsonDocument? TryParse(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }
        // Wrappers that old pages and XHTML serializers put around script text.
        foreach (var (open, close) in (ReadOnlySpan<(string, string)>)[("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("/*<![CDATA[*/", "/*]]>*/"), ("<![CDATA[", "]]>")])
        {
            if (text.StartsWith(open, StringComparison.Ordinal))
            {
                text = text[open.Length..].TrimEnd();
                if (text.EndsWith(close, StringComparison.Ordinal))
                {
                    text = text[..^close.Length];
                }
                text = text.Trim();
            }
        }
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException)
        {
        }
        // Raw line breaks and tabs inside strings are the usual breakage: as spaces they are valid JSON.
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c < ' ' ? ' ' : c);
        }
        try
        {
            return JsonDocument.Parse(sb.ToString(), Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every object reachable through arrays, @graph and mainEntity, breadth-first, bounded.</summary>
    private static IEnumerable<JsonElement> Objects(JsonElement root)
    {
        var queue = new Queue<(JsonElement Element, int Depth)>();
        queue.Enqueue((root, 0));
        var seen = 0;
        while (queue.Count > 0 && seen++ < 500)
        {
            var (element, depth) = queue.Dequeue();
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in element.EnumerateArray())
                {
                    queue.Enqueue((child, depth + 1));
                }
                continue;
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            yield return element;
            if (depth > 6)
            {
                continue;
            }
            foreach (var name in (ReadOnlySpan<string>)["@graph", "mainEntity", "mainEntityOfPage", "hasPart"])
            {
                if (element.TryGetProperty(name, out var child) && child.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                {
                    queue.Enqueue((child, depth + 1));
                }
            }
        }
    }

    private static List<string> Types(JsonElement item)
    {
        var types = new List<string>();
        if (!item.TryGetProperty("@type", out var type))
        {
            return types;
        }
        if (type.ValueKind == JsonValueKind.String)
        {
            types.Add(LastSegment(type.GetString()!));
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in type.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String)
                {
                    types.Add(LastSegment(t.GetString()!));
                }
            }
        }
        return types;
    }

    private static string LastSegment(string type)
    {
        var slash = type.LastIndexOfAny(['/', ':', '#']);
        return slash >= 0 ? type[(slash + 1)..] : type;
    }

    private static bool IsArticleType(string type) =>
        type.EndsWith("Article", StringComparison.OrdinalIgnoreCase) ||
        type.EndsWith("BlogPosting", StringComparison.OrdinalIgnoreCase) ||
        type is "Report" or "Review" or "SocialMediaPosting" or "DiscussionForumPosting" or "Recipe";

    private static bool IsPageType(string type) => type.EndsWith("WebPage", StringComparison.OrdinalIgnoreCase);

    private static JsonLdArticle ReadArticle(JsonElement item, List<string> types, bool isArticle) => new()
    {
        Type = types.FirstOrDefault(IsArticleType) ?? types.FirstOrDefault(),
        Headline = String(item, "headline") ?? String(item, "name") ?? String(item, "alternativeHeadline"),
        DatePublished = String(item, "datePublished") ?? String(item, "dateCreated") ?? String(item, "uploadDate"),
        DateModified = String(item, "dateModified"),
        Authors = Names(item, "author").Concat(Names(item, "creator")).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        ArticleBody = String(item, "articleBody") ?? String(item, "text"),
        Publisher = Names(item, "publisher").FirstOrDefault() ?? Names(item, "sourceOrganization").FirstOrDefault(),
        Url = String(item, "url") ?? IdOf(item, "mainEntityOfPage"),
        Language = String(item, "inLanguage"),
        IsArticle = isArticle,
    };

    private static string? IdOf(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => String(value, "@id") ?? String(value, "url"),
            _ => null,
        } : null;

    /// <summary>A string property, or the first string of an array property; null when absent or empty.</summary>
    private static string? String(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            value = value.EnumerateArray().FirstOrDefault(v => v.ValueKind == JsonValueKind.String);
        }
        return value.ValueKind == JsonValueKind.String && value.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
    }

    /// <summary>Names from a property holding a string, a Person/Organization object or an array of them.</summary>
    private static IEnumerable<string> Names(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            yield break;
        }
        var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        foreach (var v in values)
        {
            var text = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Object => String(v, "name") ?? JoinedName(v),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return text.Trim();
            }
        }
    }

    private static string? JoinedName(JsonElement person)
    {
        var given = String(person, "givenName");
        var family = String(person, "familyName");
        return given is null && family is null ? null : $"{given} {family}".Trim();
    }

    private static bool SameUrl(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }
        return string.Equals(UrlCanonicalizer.Canonicalize(a), UrlCanonicalizer.Canonicalize(b), StringComparison.Ordinal);
    }
}
