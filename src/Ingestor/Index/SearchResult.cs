using Ingestor.Articles;

namespace Ingestor.Index;

public sealed record FacetCount(string Value, long Count);

public sealed record HistogramBucket(DateOnly Date, long Count);

public sealed record HitEntity(string Name, EntityType Type);

/// <summary>One search hit. <see cref="Snippet"/> is HTML-escaped text with matches wrapped in &lt;mark&gt;.</summary>
public sealed record SearchHit
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Snippet { get; init; }
    public string? Url { get; init; }
    public string Source { get; init; } = "";
    public DateTimeOffset? Published { get; init; }
    public string Language { get; init; } = "und";
    public string? StoryId { get; init; }
    public IReadOnlyList<HitEntity> Entities { get; init; } = [];
}

public sealed record SearchResult
{
    public required long Total { get; init; }
    public long TookMs { get; init; }
    public required IReadOnlyList<SearchHit> Hits { get; init; }
    /// <summary>Facet name (person, organization, location, source, language, story) to top values.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets { get; init; }
    public required IReadOnlyList<HistogramBucket> Histogram { get; init; }
}
