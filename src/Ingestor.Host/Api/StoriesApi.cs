using Ingestor.Enrich.Stories;
using Ingestor.Index;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ingestor.Host.Api;

/// <summary>Stories: groups of articles about one event, as the worker clusters them.</summary>
internal static class StoriesApi
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;
    /// <summary>Matching articles looked at to find the stories of a query (newest first).</summary>
    private const int MaxQueryHits = 1000;

    public static RouteGroupBuilder MapStoriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stories", ListStoriesAsync)
            .WithName("ListStories")
            .WithSummary("Stories by latest activity; q keeps those with an article matching the query, from/to those active in the range.");
        api.MapGet("/stories/{id}", GetAsync)
            .WithName("GetStory")
            .WithSummary("One story with its articles in time order.");
        return api;
    }

    private static async Task<Results<Ok<StoryList>, BadRequest<ApiError>>> ListStoriesAsync(
        ISearchIndex index,
        StoryStore stories,
        [FromQuery] string? q,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? size,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await ListAsync(index, stories, q, from, to, size, cancellationToken));
        }
        catch (Exception ex) when (ex is SearchRequestException or QuerySyntaxException)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
    }

    /// <summary>The story list the API and `ingestor stories` share.</summary>
    /// <exception cref="SearchRequestException">A parameter is invalid.</exception>
    /// <exception cref="QuerySyntaxException">The query is malformed.</exception>
    public static async Task<StoryList> ListAsync(ISearchIndex index, StoryStore stories, string? q, string? from, string? to, string? size, CancellationToken cancellationToken)
    {
        // Dates and query are checked exactly as search checks them.
        var request = new SearchParameters { Q = q, From = from, To = to, Size = "1" }.ToRequest();
        var limit = DefaultSize;
        if (!string.IsNullOrWhiteSpace(size) && (!int.TryParse(size, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxSize))
        {
            throw new SearchRequestException($"'size' must be between 1 and {MaxSize} (was '{size}').");
        }
        IReadOnlyCollection<string>? ids = null;
        if (request.Query is not null)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            for (var page = 1; page <= MaxQueryHits / SearchRequest.MaxSize; page++)
            {
                var result = await index.SearchAsync(request with { Page = page, Size = SearchRequest.MaxSize, Sort = SearchSort.Newest, Collapse = false, From = null, To = null, FacetSize = 1 }, cancellationToken);
                found.UnionWith(result.Hits.Select(h => h.StoryId).OfType<string>());
                if (result.Hits.Count < SearchRequest.MaxSize)
                {
                    break;
                }
            }
            ids = found;
        }
        return new StoryList(await stories.ListAsync(ids, request.From, request.To, limit, cancellationToken));
    }

    private static async Task<Results<Ok<StoryDetail>, NotFound<ApiError>>> GetAsync(string id, StoryStore stories, CancellationToken cancellationToken)
    {
        var story = await stories.GetAsync(id, cancellationToken);
        return story is null ? TypedResults.NotFound(new ApiError($"No story with id '{id}'.")) : TypedResults.Ok(story);
    }
}

/// <summary>The shape of <c>GET /api/stories</c> and <c>ingestor stories --json</c>.</summary>
public sealed record StoryList(IReadOnlyList<StorySummary> Stories);
