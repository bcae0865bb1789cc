namespace Ingestor.Articles;

/// <summary>
/// The article JSON printed by `ingestor normalize` and `ingestor extract` (the contract shape):
/// exactly these fields, snake_case, in this order.
/// </summary>
public sealed record ArticleView(
    string Id,
    string Title,
    string Body,
    string Lead,
    IReadOnlyList<string> Headings,
    string? Dateline,
    string? Url,
    string? CanonicalUrl,
    string Source,
    IReadOnlyList<string> Authors,
    DateTimeOffset? Published,
    PublishedSource? PublishedSource,
    string Language,
    int WordCount,
    string ContentHash,
    IReadOnlyList<string> RemovedBoilerplate,
    IReadOnlyList<ArticleEntity> Entities)
{
    public static ArticleView From(Article a) => new(
        a.Id, a.Title, a.Body, a.Lead, a.Headings, a.Dateline, a.Url, a.CanonicalUrl, a.Source, a.Authors,
        a.Published, a.PublishedSource, a.Language, a.WordCount, a.ContentHash, a.RemovedBoilerplate, a.Entities);
}
