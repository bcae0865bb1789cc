namespace Ingestor.Articles;

/// <summary>One occurrence of an entity in a text. Start/End are UTF-16 offsets, End exclusive.</summary>
/// <param name="Canonical">The canonical name the mention resolves to (gazetteer entry or in-article longest form).</param>
/// <param name="Id">The gazetteer id (e.g. a Wikidata id) when the entity is known, else null.</param>
public sealed record EntityMention(string Text, EntityType Type, int Start, int End, string Canonical, string? Id);

/// <summary>An entity as an article carries it: one row per canonical entity.</summary>
public sealed record ArticleEntity(string Name, EntityType Type, int Mentions, int FirstOffset, string? Id);
