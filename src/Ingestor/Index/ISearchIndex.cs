using Ingestor.Articles;

namespace Ingestor.Index;

public enum IndexOutcome
{
    Created,
    Updated,
    Failed,
}

public sealed record IndexItemResult(string Id, IndexOutcome Outcome, string? Error = null);

/// <summary>
/// A search engine Ingestor can write articles to and query. Every engine passes the same
/// conformance suite (tests/Ingestor.Tests/Index/SearchIndexConformance.cs).
/// </summary>
public interface ISearchIndex
{
    /// <summary>Short engine name: "sqlite" or "elasticsearch".</summary>
    string Engine { get; }

    /// <summary>Creates the schema or templates the engine needs; safe to call repeatedly.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Upserts a batch by article id; the same article twice updates, never duplicates.</summary>
    Task<IReadOnlyList<IndexItemResult>> IndexAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken);

    Task<Article?> GetAsync(string id, CancellationToken cancellationToken);

    Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken);

    /// <summary>Removes an article; false when it was not there.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}
