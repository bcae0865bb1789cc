using Ingestor.Articles;

namespace Ingestor.Enrich.Stories;

/// <summary>
/// An entity as a story counts it: in how many of its articles, how often in all. <paramref name="IsName"/>
/// marks a name the gazetteer does not know (a word the text capitalizes mid-sentence), matched like an
/// entity but not shown as one.
/// </summary>
public sealed record StoryEntity(string Name, EntityType Type, string? Id, int Articles, int Mentions, bool IsName = false)
{
    public string Key => IsName ? NameKey(Name) : KeyOf(Type, Name);

    public static string KeyOf(EntityType type, string name) => "\u0001" + type.ToWire() + ":" + name;

    public static string NameKey(string term) => "\u0002" + term;
}

/// <summary>
/// One story as the clusterer works with it: identity and counts, plus what new articles are compared
/// with (the TF-IDF centroid of its articles and the entities they share). Mutable; cloned for a batch.
/// </summary>
public sealed class StoryState
{
    public const int MaxCentroidTerms = 150;
    public const int MaxTitles = 20;

    public required string Id { get; init; }
    public string Title { get; set; } = "";
    public long FirstSeen { get; set; }
    public long LastSeen { get; set; }
    /// <summary>Every article in the story, copies included.</summary>
    public int ArticleCount { get; set; }
    /// <summary>Articles that shaped the centroid (originals, not copies).</summary>
    public int Members { get; set; }
    public Dictionary<string, int> Sources { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, float> Centroid { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, StoryEntity> Entities { get; init; } = new(StringComparer.Ordinal);
    public List<string> Titles { get; init; } = [];

    /// <summary>L2 norm of <see cref="Centroid"/>, kept up to date by <see cref="RecomputeNorm"/>.</summary>
    public double Norm { get; private set; }

    public void RecomputeNorm()
    {
        Sparse = null;
        double sum = 0;
        foreach (var w in Centroid.Values)
        {
            sum += (double)w * w;
        }
        Norm = Math.Sqrt(sum);
    }

    /// <summary>
    /// <see cref="Centroid"/> as term ids (the clusterer's numbering) in ascending order with their weights, built
    /// when first compared and dropped by <see cref="RecomputeNorm"/>: a cosine is then a merge, not 40 string lookups.
    /// </summary>
    internal (int[] Ids, float[] Weights)? Sparse { get; set; }

    /// <summary>The known entities most of its articles name, for display.</summary>
    public IEnumerable<StoryEntity> TopEntities(int count) => Ranked().Select(r => r.Entity).Where(e => !e.IsName).Take(count);

    /// <summary>The entities and names most of its articles share, for matching.</summary>
    public IEnumerable<StoryEntity> TopFeatures(int count) => Ranked().Take(count).Select(r => r.Entity);

    /// <summary>The same ranking with each entity's key: what the clusterer compares every new article with.</summary>
    public ReadOnlySpan<(StoryEntity Entity, string Key)> TopFeatureKeys(int count)
    {
        var ranked = Ranked();
        return ranked.AsSpan(0, Math.Min(count, ranked.Length));
    }

    /// <summary>Must follow every change to <see cref="Entities"/>: the ranking is then computed again when next asked for.</summary>
    public void EntitiesChanged() => _ranked = null;

    // Every new article is scored against every story in the window, so the ranking is cached, not sorted per comparison.
    private (StoryEntity Entity, string Key)[]? _ranked;

    private (StoryEntity Entity, string Key)[] Ranked() => _ranked ??=
        Entities.Values.OrderByDescending(e => e.Articles).ThenByDescending(e => e.Mentions).ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => (e, e.Key)).ToArray();

    public StoryState Clone()
    {
        var clone = new StoryState
        {
            Id = Id,
            Title = Title,
            FirstSeen = FirstSeen,
            LastSeen = LastSeen,
            ArticleCount = ArticleCount,
            Members = Members,
            Sources = new Dictionary<string, int>(Sources, StringComparer.Ordinal),
            Centroid = new Dictionary<string, float>(Centroid, StringComparer.Ordinal),
            Entities = new Dictionary<string, StoryEntity>(Entities, StringComparer.Ordinal),
            Titles = [.. Titles],
        };
        clone.Norm = Norm;
        clone.Sparse = Sparse;
        return clone;
    }
}
