namespace Ingestor.Collect.Feeds;

/// <summary>Limits that keep one hostile or broken document from costing unbounded time or memory.</summary>
public sealed record FeedParserOptions
{
    public static FeedParserOptions Default { get; } = new();

    /// <summary>Bytes read from a document; the rest is ignored (and reported) so a huge feed cannot exhaust memory.</summary>
    public int MaxDocumentBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>XML element nesting kept; deeper elements are skipped (and reported).</summary>
    public int MaxDepth { get; init; } = 200;

    /// <summary>Items kept from one document.</summary>
    public int MaxItems { get; init; } = 10_000;

    /// <summary>Error lines kept; later ones are counted in a final summary line.</summary>
    public int MaxErrors { get; init; } = 50;
}

/// <summary>
/// What the caller knows about where the bytes came from. All optional: a file on disk has none of it.
/// </summary>
public sealed record FeedSourceInfo
{
    /// <summary>The document's own address after redirects: the base for relative links.</summary>
    public Uri? DocumentUrl { get; init; }

    /// <summary>The HTTP Content-Type header; its charset wins over the document's own declaration.</summary>
    public string? ContentType { get; init; }

    /// <summary>The HTTP Content-Location header: when absolute and http(s), the base for relative links.</summary>
    public string? ContentLocation { get; init; }

    /// <summary>The HTTP Content-Language header: the feed language when the document states none.</summary>
    public string? ContentLanguage { get; init; }
}
