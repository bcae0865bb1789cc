using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Articles;

namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// The <c>_source</c> of an article in Elasticsearch: every field of <see cref="Article"/> (so a get gives
/// the article back exactly) plus one keyword array per entity type for facets. Written field by field so
/// the document always matches the strict mapping in <see cref="ElasticsearchTemplates"/>.
/// </summary>
public sealed record ArticleDocument
{
    public required string Id { get; init; }
    public required string Title { get; init; }
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
    public string Language { get; init; } = "und";
    public int WordCount { get; init; }
    public required string ContentHash { get; init; }
    public IReadOnlyList<string> RemovedBoilerplate { get; init; } = [];
    public IReadOnlyList<ArticleEntity> Entities { get; init; } = [];
    public DateTimeOffset? Ingested { get; init; }
    public string? StoryId { get; init; }
    public string? DuplicateOf { get; init; }
    public string? Origin { get; init; }

    // Facet fields, derived from Entities.
    public IReadOnlyList<string> Person { get; init; } = [];
    public IReadOnlyList<string> Organization { get; init; } = [];
    public IReadOnlyList<string> Location { get; init; } = [];
    public IReadOnlyList<string> Misc { get; init; } = [];

    public static ArticleDocument From(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return new ArticleDocument
        {
            Id = article.Id,
            Title = article.Title,
            Body = article.Body,
            Lead = article.Lead,
            Headings = article.Headings,
            Dateline = article.Dateline,
            Url = article.Url,
            CanonicalUrl = article.CanonicalUrl,
            Source = article.Source,
            Authors = article.Authors,
            Published = article.Published,
            PublishedSource = article.PublishedSource,
            Language = article.Language,
            WordCount = article.WordCount,
            ContentHash = article.ContentHash,
            RemovedBoilerplate = article.RemovedBoilerplate,
            Entities = article.Entities,
            Ingested = article.Ingested,
            StoryId = article.StoryId,
            DuplicateOf = article.DuplicateOf,
            Origin = article.Origin,
            Person = Names(article, EntityType.Person),
            Organization = Names(article, EntityType.Organization),
            Location = Names(article, EntityType.Location),
            Misc = Names(article, EntityType.Misc),
        };
    }

    private static string[] Names(Article article, EntityType type) =>
        article.EntityNames(type).Distinct(StringComparer.Ordinal).ToArray();

    public Article ToArticle() => new()
    {
        Id = Id,
        Title = Title,
        Body = Body,
        Lead = Lead,
        Headings = Headings,
        Dateline = Dateline,
        Url = Url,
        CanonicalUrl = CanonicalUrl,
        Source = Source,
        Authors = Authors,
        Published = Published,
        PublishedSource = PublishedSource,
        Language = Language,
        WordCount = WordCount,
        ContentHash = ContentHash,
        RemovedBoilerplate = RemovedBoilerplate,
        Entities = Entities,
        Ingested = Ingested,
        StoryId = StoryId,
        DuplicateOf = DuplicateOf,
        Origin = Origin,
    };

    /// <summary>The document as sent: snake_case JSON with ISO 8601 UTC dates.</summary>
    public JsonObject ToJson() => (JsonObject)JsonSerializer.SerializeToNode(this, IngestorJson.Compact)!;

    public static ArticleDocument FromJson(JsonElement source) =>
        source.Deserialize<ArticleDocument>(IngestorJson.Compact)
        ?? throw new JsonException("The stored article document is null.");

    /// <summary>The fields a saved alert rule can look at, for the percolator (its mapping is strict too).</summary>
    public JsonObject ToPercolatorJson() => new()
    {
        ["id"] = Id,
        ["title"] = Title,
        ["body"] = Body,
        ["source"] = Source,
        ["language"] = Language,
        ["published"] = Published is { } published ? UtcDateTimeOffsetConverter.FormatUtc(published) : null,
        ["story_id"] = StoryId,
        ["duplicate_of"] = DuplicateOf,
        ["person"] = new JsonArray(Person.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        ["organization"] = new JsonArray(Organization.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        ["location"] = new JsonArray(Location.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        ["misc"] = new JsonArray(Misc.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };
}
