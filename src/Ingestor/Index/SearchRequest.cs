namespace Ingestor.Index;

/// <summary>The fields a search can filter and facet on. One query model, every engine.</summary>
public enum FacetField
{
    Person,
    Organization,
    Location,
    Source,
    Language,
    Story,
}

public enum SearchSort
{
    Relevance,
    Newest,
}

/// <summary>An engine-neutral search: parsed query, facet filters, date range, sort and page.</summary>
public sealed record SearchRequest
{
    public const int MaxSize = 100;
    public const int MaxPage = 500;

    /// <summary>The parsed user query; null matches every article.</summary>
    public QueryNode? Query { get; init; }
    /// <summary>Facet filters: within a field values are OR-ed, across fields AND-ed.</summary>
    public IReadOnlyDictionary<FacetField, IReadOnlyList<string>> Filters { get; init; } =
        new Dictionary<FacetField, IReadOnlyList<string>>();
    /// <summary>Inclusive lower bound on published.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Exclusive upper bound on published.</summary>
    public DateTimeOffset? To { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;
    public int Size { get; init; } = 20;
    /// <summary>Hide duplicates of an article already in the results (default); false shows every copy.</summary>
    public bool Collapse { get; init; } = true;
    /// <summary>How many values each facet lists.</summary>
    public int FacetSize { get; init; } = 10;

    public IReadOnlyList<string> FilterValues(FacetField field) =>
        Filters.TryGetValue(field, out var values) ? values : [];
}
