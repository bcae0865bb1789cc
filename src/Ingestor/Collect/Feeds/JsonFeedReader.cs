using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Normalize.Html;

namespace Ingestor.Collect.Feeds;

/// <summary>
/// Reads JSON Feed 1.0 and 1.1. The JSON is read token by token so a truncated or broken document still
/// yields the items before the damage.
/// </summary>
internal static class JsonFeedReader
{
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c == '{';
            }
        }
        return false;
    }

    public static (FeedFormat Format, FeedInfo Feed, IReadOnlyList<FeedItem> Items) Read(
        string text, string? baseUrl, FeedErrors errors, FeedParserOptions options)
    {
        if (ReadTolerant(text, errors) is not JsonObject root)
        {
            errors.Add("not a feed: the JSON document is not an object");
            return (FeedFormat.Unknown, new FeedInfo(), []);
        }
        var version = Str(root, "version");
        if (root["items"] is not JsonArray && (version is null || !version.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("not a feed: the JSON object has neither a JSON Feed version nor items");
            return (FeedFormat.Unknown, new FeedInfo(), []);
        }

        var home = Url(baseUrl, Str(root, "home_page_url"));
        var feedBase = home ?? baseUrl;
        var feed = new FeedInfo
        {
            Title = Plain(Str(root, "title")),
            Link = home,
            Subtitle = Plain(Str(root, "description")),
            Language = Str(root, "language")?.Trim() is { Length: > 0 } lang ? lang : null,
            Authors = Authors(root, feedBase),
        };

        var items = new List<FeedItem>();
        if (root["items"] is JsonArray array)
        {
            foreach (var node in array)
            {
                if (node is not JsonObject item)
                {
                    continue;
                }
                if (items.Count >= options.MaxItems)
                {
                    errors.Add($"more than {options.MaxItems} items; the rest were skipped");
                    break;
                }
                items.Add(ReadItem(item, feedBase, items.Count + 1, errors));
            }
        }
        return (FeedFormat.JsonFeed, feed, items);
    }

    private static FeedItem ReadItem(JsonObject item, string? feedBase, int number, FeedErrors errors)
    {
        var link = Url(feedBase, Str(item, "url")) ?? Url(feedBase, Str(item, "external_url"));
        var contentBase = link ?? feedBase;
        string? content = null;
        if (Str(item, "content_html") is { } html && html.Trim().Length > 0)
        {
            content = HtmlSanitizer.Sanitize(html, contentBase);
        }
        else if (Str(item, "content_text") is { } text && text.Trim().Length > 0)
        {
            content = HtmlSanitizer.EscapeText(text.Trim());
        }
        var summary = Str(item, "summary") is { } s && s.Trim().Length > 0 ? HtmlSanitizer.EscapeText(s.Trim()) : null;

        var categories = new List<string>();
        if (item["tags"] is JsonArray tags)
        {
            foreach (var tag in tags)
            {
                if (tag is JsonValue v && v.TryGetValue<string>(out var term) && HtmlSanitizer.CollapseWhitespace(term) is { Length: > 0 } t && !categories.Contains(t))
                {
                    categories.Add(t);
                }
            }
        }

        var enclosures = new List<FeedEnclosure>();
        if (item["attachments"] is JsonArray attachments)
        {
            foreach (var node in attachments)
            {
                if (node is JsonObject attachment && Url(contentBase, Str(attachment, "url")) is { } url && enclosures.TrueForAll(e => e.Url != url))
                {
                    long? size = attachment["size_in_bytes"] is JsonValue sv && sv.TryGetValue<long>(out var n) ? n
                        : long.TryParse(Str(attachment, "size_in_bytes"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                    enclosures.Add(new FeedEnclosure(url, Str(attachment, "mime_type")?.Trim(), size));
                }
            }
        }

        return new FeedItem
        {
            Id = Str(item, "id")?.Trim() is { Length: > 0 } id ? id : null,
            Title = Plain(Str(item, "title")),
            Link = link,
            Published = Date(item, "date_published", number, errors),
            Updated = Date(item, "date_modified", number, errors),
            Summary = summary,
            Content = content,
            Authors = Authors(item, feedBase),
            Categories = categories,
            Enclosures = enclosures,
        };
    }

    private static List<FeedPerson> Authors(JsonObject owner, string? baseUrl)
    {
        var people = new List<FeedPerson>();
        void Add(JsonNode? node)
        {
            if (node is not JsonObject a)
            {
                return;
            }
            var name = Plain(Str(a, "name"));
            var url = Str(a, "url")?.Trim();
            string? email = null;
            if (url is not null && url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                email = url[7..];
                url = null;
            }
            var uri = Url(baseUrl, url);
            if (name is not null || email is not null || uri is not null)
            {
                people.Add(new FeedPerson(name, email, uri));
            }
        }
        if (owner["authors"] is JsonArray authors)
        {
            foreach (var a in authors)
            {
                Add(a);
            }
        }
        if (people.Count == 0)
        {
            Add(owner["author"]);
        }
        return people;
    }

    private static DateTimeOffset? Date(JsonObject item, string key, int number, FeedErrors errors)
    {
        var text = Str(item, key);
        if (text is null)
        {
            return null;
        }
        var date = FeedDates.Parse(text);
        if (date is null && text.Trim().Length > 0)
        {
            errors.Add($"item {number}: unreadable date in {key}: '{text}'");
        }
        return date;
    }

    private static string? Str(JsonObject o, string key) => o[key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    /// <summary>JSON Feed titles and descriptions are plain text by definition: markup in them is literal text.</summary>
    private static string? Plain(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var plain = HtmlSanitizer.CollapseWhitespace(text);
        return plain.Length == 0 ? null : plain;
    }

    private static string? Url(string? baseUrl, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : FeedUrls.ResolveSafe(baseUrl, value);

    /// <summary>Builds the JSON tree token by token; on a syntax error or truncation, returns what was read so far.</summary>
    private static JsonNode? ReadTolerant(string text, FeedErrors errors)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 64,
        });
        JsonNode? root = null;
        var stack = new Stack<JsonNode>();
        string? property = null;
        void Attach(JsonNode? node)
        {
            if (stack.Count == 0)
            {
                root ??= node;
            }
            else if (stack.Peek() is JsonObject obj)
            {
                if (property is not null)
                {
                    obj[property] = node;
                }
                property = null;
            }
            else
            {
                ((JsonArray)stack.Peek()).Add(node);
            }
        }
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    {
                        var obj = new JsonObject();
                        Attach(obj);
                        stack.Push(obj);
                        break;
                    }
                    case JsonTokenType.StartArray:
                    {
                        var arr = new JsonArray();
                        Attach(arr);
                        stack.Push(arr);
                        break;
                    }
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.String:
                        Attach(JsonValue.Create(reader.GetString()));
                        break;
                    case JsonTokenType.Number:
                        Attach(reader.TryGetInt64(out var l) ? JsonValue.Create(l) : JsonValue.Create(reader.GetDouble()));
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        Attach(JsonValue.Create(reader.GetBoolean()));
                        break;
                    case JsonTokenType.Null:
                        Attach(null);
                        break;
                }
            }
            if (stack.Count > 0)
            {
                errors.Add("JSON document ends early (truncated?)");
            }
        }
        catch (JsonException ex)
        {
            errors.Add($"JSON syntax error at line {ex.LineNumber + 1}; kept what came before it");
        }
        return root;
    }
}
