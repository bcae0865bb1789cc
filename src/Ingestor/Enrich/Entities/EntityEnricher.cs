using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>The entity step of enrichment: finds, links and summarizes the entities of an article's body.</summary>
public sealed class EntityEnricher(EntityRecognizer recognizer)
{
    public Article Enrich(Article article)
    {
        var mentions = recognizer.Recognize(article.Body);
        return article with { Entities = EntityRecognizer.Summarize(mentions) };
    }
}
