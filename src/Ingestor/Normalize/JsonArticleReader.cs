using System.Globalization;
using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Normalize.Text;

namespace Ingestor.Normalize;

/// <summary>
/// Reads `.json` drop files: one article object or an array of them, with the fields
/// title, body, url, published, source, authors (and common synonyms such as headline, text, link, date).
/// </summary>
public static class JsonArticleReader
{
    public const int MaxArticlesPerFile = 10_000;

    private static readonly string[] TitleKeys = ["title", "headline", "name"];
    private static readonly string[] BodyKeys = ["body", "text", "content", "articleBody", "article_body", "description"];
    private static readonly string[] UrlKeys = ["url", "link", "href", "canonical_url", "canonicalUrl"];
    private static readonly string[] PublishedKeys = ["published", "published_at", "publishedAt", "datePublished", "date", "pubDate", "created_at", "time"];
    private static readonly string[] SourceKeys = ["source", "publisher", "site", "site_name", "outlet"];
    private static readonly string[] AuthorKeys = ["authors", "author", "byline", "creator"];
    private static readonly string[] LanguageKeys = ["language", "lang", "inLanguage"];

    /// <summary>One result per article in the file: its content, or why it was rejected.</summary>
    /// <exception cref="DocumentRejectedException">The file is not JSON, or holds no article objects.</exception>
    public static IReadOnlyList<(int Index, ExtractedContent? Content, string? Error)> Read(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new DocumentRejectedException($"Invalid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message.Split(" Path:")[0]}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object when TryGetArray(root, out var nested) => nested,
                JsonValueKind.Object => [root],
                _ => throw new DocumentRejectedException($"Expected a JSON article object or an array of them, found {root.ValueKind}."),
            };
            if (items.Count == 0)
            {
                throw new DocumentRejectedException("The JSON array holds no articles.");
            }
            if (items.Count > MaxArticlesPerFile)
            {
                throw new DocumentRejectedException($"The JSON file holds {items.Count} articles; at most {MaxArticlesPerFile} are accepted per file.");
            }
            var results = new List<(int, ExtractedContent?, string?)>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    results.Add((i, ReadArticle(items[i]), null));
                }
                catch (DocumentRejectedException ex)
                {
                    results.Add((i, null, ex.Reason));
                }
            }
            return results;
        }
    }

    // {"articles": [...]} or {"items": [...]} wrappers are common in exports.
    private static bool TryGetArray(JsonElement root, out List<JsonElement> items)
    {
        foreach (var key in (ReadOnlySpan<string>)["articles", "items", "data", "results"])
        {
            if (root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                items = value.EnumerateArray().ToList();
                return true;
            }
        }
        items = [];
        return false;
    }

    private static ExtractedContent ReadArticle(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new DocumentRejectedException($"Expected an article object, found {item.ValueKind}.");
        }
        var title = GetString(item, TitleKeys);
        var body = GetBody(item);
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new DocumentRejectedException("The article has no body text (expected a \"body\" field).");
        }
        var content = LooksLikeHtml(body) ? ReadHtmlBody(body, title) : PlainTextReader.Read(body, title);
        var publishedText = GetRaw(item, PublishedKeys);
        var published = publishedText is null ? null : ParseDate(publishedText.Value);
        return content with
        {
            Title = content.Title ?? title,
            Url = GetString(item, UrlKeys),
            Source = GetString(item, SourceKeys),
            Authors = [.. content.Authors, .. GetAuthors(item)],
            Published = published,
            PublishedSource = published is null ? null : PublishedSource.Json,
            LanguageHint = GetString(item, LanguageKeys),
        };
    }

    private static ExtractedContent ReadHtmlBody(string html, string? title)
    {
        // Paragraph tags become line breaks; the plain-text reader then finds headings and boilerplate.
        var text = HtmlText.ToPlainText(html);
        return PlainTextReader.Read(text, title);
    }

    private static bool LooksLikeHtml(string body) =>
        body.Contains("</p>", StringComparison.OrdinalIgnoreCase) || body.Contains("<br", StringComparison.OrdinalIgnoreCase) ||
        body.Contains("</div>", StringComparison.OrdinalIgnoreCase);

    private static string? GetBody(JsonElement item)
    {
        foreach (var key in BodyKeys)
        {
            if (item.TryGetProperty(key, out var value))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        return value.GetString();
                    case JsonValueKind.Array:
                        return string.Join("\n\n", value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()));
                }
            }
        }
        return null;
    }

    private static string? GetString(JsonElement item, string[] keys)
    {
        foreach (var key in keys)
        {
            if (item.TryGetProperty(key, out var value))
            {
                if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
                {
                    return value.GetString();
                }
                if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    return name.GetString();
                }
            }
        }
        return null;
    }

    private static JsonElement? GetRaw(JsonElement item, string[] keys)
    {
        foreach (var key in keys)
        {
            if (item.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return value;
            }
        }
        return null;
    }

    private static IEnumerable<string> GetAuthors(JsonElement item)
    {
        foreach (var key in AuthorKeys)
        {
            if (!item.TryGetProperty(key, out var value))
            {
                continue;
            }
            var list = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
            foreach (var entry in list)
            {
                if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { } s)
                {
                    foreach (var name in s.Split([",", " and ", ";", "&"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        yield return name.StartsWith("By ", StringComparison.OrdinalIgnoreCase) ? name[3..] : name;
                    }
                }
                else if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    yield return n.GetString()!;
                }
            }
            yield break;
        }
    }

    /// <summary>ISO 8601, RFC 1123/822-style strings, or Unix time in seconds or milliseconds; null when unreadable.</summary>
    public static DateTimeOffset? ParseDate(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number switch
            {
                > 100_000_000_000 and < 10_000_000_000_000 => DateTimeOffset.FromUnixTimeMilliseconds(number),
                > 0 and < 10_000_000_000 => DateTimeOffset.FromUnixTimeSeconds(number),
                _ => null,
            };
        }
        return value.ValueKind == JsonValueKind.String ? ParseDateText(value.GetString()) : null;
    }

    public static DateTimeOffset? ParseDateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }
}
