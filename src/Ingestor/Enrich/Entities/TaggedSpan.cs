using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>A name the tagger found: UTF-16 offsets into the tagged text (End exclusive), always on token boundaries.</summary>
public readonly record struct TaggedSpan(int Start, int End, EntityType Type)
{
    public int Length => End - Start;
}

/// <summary>Finds person, organization, location and miscellaneous names in text. Implementations are thread-safe.</summary>
public interface IEntityTagger
{
    /// <summary>The names in <paramref name="text"/>, in text order, not overlapping.</summary>
    IReadOnlyList<TaggedSpan> Tag(string text);
}
