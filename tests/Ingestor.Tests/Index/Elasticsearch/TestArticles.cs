using Ingestor.Articles;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>Articles written for these tests: one with every field set, and bare ones.</summary>
internal static class TestArticles
{
    public static Article Full(string id = "a1") => new()
    {
        Id = id,
        Title = "Witkoff and Kushner meet in Miami on the Gaza \"board of peace\"",
        Body = "MIAMI — Steve Witkoff met Jared Kushner on Friday.\n\nThe talks with Qatar's Sheikh Mohammed al-Thani covered <b>reconstruction</b> & security.",
        Lead = "Steve Witkoff met Jared Kushner on Friday.",
        Headings = ["Talks", "What comes next"],
        Dateline = "MIAMI, Dec 19 (Reuters)",
        Url = "https://news.example/world/miami-summit?id=" + id,
        CanonicalUrl = "https://news.example/world/miami-summit",
        Source = "Example News",
        Authors = ["Jane Doe", "Ali Abbás"],
        Published = new DateTimeOffset(2025, 12, 19, 14, 5, 0, TimeSpan.FromHours(-5)),
        PublishedSource = PublishedSource.HtmlMeta,
        Language = "en",
        WordCount = 27,
        ContentHash = "sha256:" + id,
        RemovedBoilerplate = ["Subscribe to our newsletter", "Share this article"],
        Entities =
        [
            new ArticleEntity("Steve Witkoff", EntityType.Person, 2, 8, "Q7613961"),
            new ArticleEntity("Jared Kushner", EntityType.Person, 1, 30, "Q1688346"),
            new ArticleEntity("Qatar", EntityType.Location, 1, 66, null),
            new ArticleEntity("Miami", EntityType.Location, 1, 0, "Q8652"),
            new ArticleEntity("Reuters", EntityType.Organization, 1, 20, null),
            new ArticleEntity("Board of Peace", EntityType.Misc, 1, 50, null),
        ],
        Ingested = new DateTimeOffset(2025, 12, 19, 20, 0, 0, 123, TimeSpan.Zero),
        StoryId = "story-miami",
        DuplicateOf = null,
        Origin = "feed:example-world",
    };

    public static Article Bare(string id, string title = "Untitled", string body = "Nothing much.") => new()
    {
        Id = id,
        Title = title,
        Body = body,
        ContentHash = "sha256:" + id,
    };
}
