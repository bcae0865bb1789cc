using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// The entity step of enrichment: the tagger proposes names in the article's body, the recognizer links them
/// (and the gazetteer's names) to canonical entities, and the article carries one row per entity.
/// </summary>
public sealed class EntityEnricher(EntityRecognizer recognizer, IEntityTagger tagger)
{
    public Article Enrich(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article with { Entities = EntityRecognizer.Summarize(Mentions(article.Body)) };
    }

    /// <summary>Every linked mention in <paramref name="text"/>, in text order.</summary>
    public List<EntityMention> Mentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var proposed = tagger.Tag(text).Select(s => new ProposedSpan(s.Start, s.End, s.Type));
        return recognizer.Recognize(text, proposed);
    }
}
