using Ingestor.Articles;
using Ingestor.Enrich.Stories;

namespace Ingestor.Alerts;

/// <summary>An article as an alert names it.</summary>
public sealed record AlertArticle(string Id, string Title, string? Url, string Source, DateTimeOffset? Published, string Lead)
{
    public static AlertArticle From(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var lead = article.Lead.Length > 300 ? article.Lead[..299].TrimEnd() + "…" : article.Lead;
        return new AlertArticle(article.Id, article.Title, article.Url, article.Source, article.Published, lead);
    }
}

public sealed record AlertRuleRef(string Id, string Name, string? Query);

/// <summary>
/// What every destination receives for one alert (the webhook's JSON body, the NDJSON line):
/// which rule fired and why (<see cref="Kind"/>), the story as it stands, the articles that made it fire.
/// </summary>
/// <param name="Kind">every_article, new_story or story_update.</param>
/// <param name="NewSources">Story updates: the sources not reported before.</param>
public sealed record AlertPayload(
    string AlertId,
    string Kind,
    DateTimeOffset Created,
    AlertRuleRef Rule,
    StorySummary? Story,
    IReadOnlyList<AlertArticle> Articles,
    IReadOnlyList<string> NewSources)
{
    /// <summary>One line for people (logs, Slack).</summary>
    public string Summary()
    {
        var what = Kind switch
        {
            "new_story" => "new story",
            "story_update" => $"story update ({NewSources.Count} new source{(NewSources.Count == 1 ? "" : "s")}: {string.Join(", ", NewSources)})",
            _ => "new article",
        };
        var title = Story?.Title ?? (Articles.Count > 0 ? Articles[0].Title : "");
        var counts = Story is null ? "" : $" — {Story.ArticleCount} article(s) from {Story.SourceCount} source(s)";
        return $"{Rule.Name}: {what}: {title}{counts}";
    }
}
