using System.Text.Json.Serialization;

namespace Ingestor.Articles;

/// <summary>
/// One clean article: what normalization produces and every later stage reads.
/// Enrichment fills <see cref="Entities"/>, <see cref="StoryId"/> and <see cref="DuplicateOf"/>.
/// </summary>
public sealed record Article
{
    /// <summary>Stable id: hash of the canonical URL when known, else of the normalized content.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>Body paragraphs separated by one blank line (headings and boilerplate excluded).</summary>
    public required string Body { get; init; }
    public string Lead { get; init; } = "";
    public IReadOnlyList<string> Headings { get; init; } = [];
    public string? Dateline { get; init; }
    public string? Url { get; init; }
    public string? CanonicalUrl { get; init; }
    public string Source { get; init; } = "";
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public PublishedSource? PublishedSource { get; init; }
    /// <summary>BCP 47 primary language subtag (en, fr, ...) or "und" when unsure.</summary>
    public string Language { get; init; } = "und";
    public int WordCount { get; init; }
    /// <summary>Hash of the normalized title and body: equal for the same article ingested twice.</summary>
    public required string ContentHash { get; init; }
    public IReadOnlyList<string> RemovedBoilerplate { get; init; } = [];
    public IReadOnlyList<ArticleEntity> Entities { get; init; } = [];

    /// <summary>When the pipeline first accepted the article.</summary>
    public DateTimeOffset? Ingested { get; init; }
    public string? StoryId { get; init; }
    /// <summary>Id of the first-seen original when this article is a (near-)duplicate.</summary>
    public string? DuplicateOf { get; init; }
    /// <summary>Where the article came from: a file path or a feed name, for operators.</summary>
    public string? Origin { get; init; }

    [JsonIgnore]
    public IEnumerable<string> Paragraphs =>
        Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<string> EntityNames(EntityType type) =>
        Entities.Where(e => e.Type == type).Select(e => e.Name);
}
