using System.Text.Json.Serialization;

namespace Ingestor.Collect.Feeds;

/// <summary>Which syntax a document turned out to be.</summary>
public enum FeedFormat
{
    /// <summary>Not recognized as a feed (HTML page, unknown XML root, empty input).</summary>
    Unknown,
    Rss,
    /// <summary>RSS 0.90 and 1.0: RDF with channel and items as siblings.</summary>
    Rdf,
    Atom03,
    Atom10,
    /// <summary>Microsoft's Channel Definition Format, read like RSS.</summary>
    Cdf,
    JsonFeed,
}

/// <summary>
/// What <see cref="FeedParser"/> read from one document. Never null parts: a broken feed yields what
/// could be read, with the problems in <see cref="Errors"/>. The JSON shape (snake_case) is the
/// `parse-feed` contract: only <see cref="Feed"/>, <see cref="Items"/> and <see cref="Errors"/> are written.
/// </summary>
public sealed record FeedDocument
{
    public required FeedInfo Feed { get; init; }
    public required IReadOnlyList<FeedItem> Items { get; init; }
    /// <summary>Problems met while reading (malformed XML, bad dates, wrong charset), one line each.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    [JsonIgnore]
    public FeedFormat Format { get; init; }

    /// <summary>The charset the bytes were decoded with (web name, e.g. "utf-8").</summary>
    [JsonIgnore]
    public string? Encoding { get; init; }

    /// <summary>True when the input was recognized as a feed (even an empty or truncated one).</summary>
    [JsonIgnore]
    public bool IsFeed => Format != FeedFormat.Unknown;
}

/// <summary>Channel-level metadata. Text fields are plain text; links are absolute when a base was known.</summary>
public sealed record FeedInfo
{
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Subtitle { get; init; }
    public string? Language { get; init; }
    /// <summary>When the feed last changed (its updated date, else its published date), UTC.</summary>
    public DateTimeOffset? Updated { get; init; }
    public IReadOnlyList<FeedPerson> Authors { get; init; } = [];
}

/// <summary>One entry. <see cref="Summary"/> and <see cref="Content"/> are sanitized HTML; the rest plain text.</summary>
public sealed record FeedItem
{
    /// <summary>The item's own identifier (guid, atom:id, JSON id) exactly as given; null when absent.</summary>
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public IReadOnlyList<FeedPerson> Authors { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<FeedEnclosure> Enclosures { get; init; } = [];
}

/// <summary>An author: any part may be missing.</summary>
public sealed record FeedPerson(string? Name, string? Email, string? Uri);

/// <summary>A media file attached to an item (RSS enclosure, Atom rel="enclosure", media:content, JSON attachment).</summary>
public sealed record FeedEnclosure(string Url, string? Type, long? Length);
