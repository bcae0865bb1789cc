using Ingestor.Articles;
using Ingestor.Index;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ingestor.Host.Api;

/// <summary>The query API: faceted search and article lookup.</summary>
internal static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/search", SearchAsync)
            .WithName("Search")
            .WithSummary("Full-text search with facets, filters, date histogram and paging.");
        api.MapGet("/articles/{id}", GetArticleAsync)
            .WithName("GetArticle")
            .WithSummary("One normalized, enriched article.");
        return api;
    }

    private static async Task<Results<Ok<SearchResult>, BadRequest<ApiError>>> SearchAsync(
        ISearchIndex index,
        [FromQuery] string? q,
        [FromQuery] string[]? person,
        [FromQuery] string[]? organization,
        [FromQuery] string[]? location,
        [FromQuery] string[]? source,
        [FromQuery] string[]? language,
        [FromQuery] string[]? story,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? sort,
        [FromQuery] string? page,
        [FromQuery] string? size,
        [FromQuery] string? collapse,
        CancellationToken cancellationToken)
    {
        var parameters = new SearchParameters
        {
            Q = q,
            Person = person ?? [],
            Organization = organization ?? [],
            Location = location ?? [],
            Source = source ?? [],
            Language = language ?? [],
            Story = story ?? [],
            From = from,
            To = to,
            Sort = sort,
            Page = page,
            Size = size,
            Collapse = collapse,
        };
        try
        {
            return TypedResults.Ok(await index.SearchAsync(parameters.ToRequest(), cancellationToken));
        }
        catch (Exception ex) when (ex is SearchRequestException or QuerySyntaxException or ArgumentOutOfRangeException)
        {
            return TypedResults.BadRequest(new ApiError(ex is ArgumentOutOfRangeException aex ? aex.Message.Split(" (Parameter")[0] : ex.Message));
        }
    }

    private static async Task<Results<Ok<ArticleDocument>, NotFound<ApiError>>> GetArticleAsync(string id, ISearchIndex index, CancellationToken cancellationToken)
    {
        var article = await index.GetAsync(id, cancellationToken);
        return article is null
            ? TypedResults.NotFound(new ApiError($"No article with id '{id}'."))
            : TypedResults.Ok(ArticleDocument.From(article));
    }
}

/// <summary>Every error the API returns: one message for the user.</summary>
public sealed record ApiError(string Error);

/// <summary>An article as the API serves it: the normalized article plus what enrichment added.</summary>
public sealed record ArticleDocument(
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
    IReadOnlyList<ArticleEntity> Entities,
    DateTimeOffset? Ingested,
    string? StoryId,
    string? DuplicateOf)
{
    public static ArticleDocument From(Article a) => new(
        a.Id, a.Title, a.Body, a.Lead, a.Headings, a.Dateline, a.Url, a.CanonicalUrl, a.Source, a.Authors, a.Published,
        a.PublishedSource, a.Language, a.WordCount, a.ContentHash, a.RemovedBoilerplate, a.Entities, a.Ingested, a.StoryId, a.DuplicateOf);
}
