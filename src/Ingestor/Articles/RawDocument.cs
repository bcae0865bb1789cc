namespace Ingestor.Articles;

/// <summary>The kind of input a collector hands to normalization.</summary>
public enum DocumentFormat
{
    Text,
    Html,
    Json,
}

/// <summary>
/// What a collector hands to normalization: the raw bytes plus whatever the collector knows
/// about them (a feed item's title and date, a file's modification time).
/// </summary>
public sealed record RawDocument
{
    /// <summary>Where it came from, for logs and quarantine notes: a file path or a URL.</summary>
    public required string Origin { get; init; }
    public required DocumentFormat Format { get; init; }
    public required ReadOnlyMemory<byte> Content { get; init; }
    /// <summary>HTTP Content-Type when fetched (its charset wins over sniffing).</summary>
    public string? ContentType { get; init; }
    /// <summary>The article's own URL when known (a feed item link, a fetched page).</summary>
    public string? Url { get; init; }
    /// <summary>Source name: the feed's configured name or the drop folder's source.</summary>
    public string? Source { get; init; }
    /// <summary>File modification time: the published fallback of last resort.</summary>
    public DateTimeOffset? Modified { get; init; }
    /// <summary>What the feed item said, used where the document itself is silent.</summary>
    public FeedItemHints? Feed { get; init; }
}

/// <summary>Metadata a feed item carries about the article it links to.</summary>
public sealed record FeedItemHints
{
    public string? Title { get; init; }
    public DateTimeOffset? Published { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? SummaryHtml { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
}
