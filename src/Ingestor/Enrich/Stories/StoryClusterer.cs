using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Ingestor.Articles;

namespace Ingestor.Enrich.Stories;

/// <summary>Where an article went: an existing story (with its similarity) or a new one it starts.</summary>
public sealed record StoryAssignment(string StoryId, bool Created, double Score);

/// <summary>
/// Online clustering of articles into stories. An article is compared with the stories active around
/// its time (within the window): a blend of TF-IDF cosine against each story's centroid and a weighted
/// overlap of canonical entities (rare entities count more than "United States"). It joins the best
/// story above the threshold, else starts its own. Candidates come from an inverted index of each
/// story's top terms and entities, so the cost does not grow with the number of stories.
/// Work on a batch happens on copies, so <see cref="Rollback"/> forgets it and <see cref="Commit"/>
/// keeps it. Not thread-safe: the index drainer is its only user.
/// </summary>
public sealed class StoryClusterer(StoryOptions options)
{
    private const int VectorTerms = 40;
    private const int SalientEntities = 12;
    private const int SalientNames = 8;
    private const int StoryFeatures = 20;
    private const int IndexedTerms = 20;
    private const int LookupTerms = 10;
    /// <summary>Names (capitalized mid-sentence) say which event an article reports; common words only what kind.</summary>
    private const double NameBoost = 2.0;
    /// <summary>Content this close joins without shared entities (copies the duplicate stage let through).</summary>
    private const double StrongContentSimilarity = 0.5;

    private readonly Dictionary<string, StoryState> _stories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _storyKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _df = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private long _documents;
    private long _latest;

    private readonly Dictionary<string, StoryState> _working = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dfDelta = new(StringComparer.Ordinal);
    private long _documentsDelta;
    private long _latestWorking;

    public int ActiveStories => _stories.Count;

    public long Documents => _documents;

    /// <summary>The stories this batch changed or created (copies, until committed).</summary>
    public IReadOnlyCollection<StoryState> Touched => _working.Values;

    /// <summary>Document frequencies changed since they were last taken (for persisting).</summary>
    public Dictionary<string, int> PendingFrequencies { get; } = new(StringComparer.Ordinal);

    /// <summary>Restores state saved earlier: term statistics and the stories still active.</summary>
    public void Load(IEnumerable<KeyValuePair<string, int>> frequencies, long documents, IEnumerable<StoryState> stories)
    {
        foreach (var (term, df) in frequencies)
        {
            _df[term] = df;
        }
        _documents = documents;
        foreach (var story in stories)
        {
            story.RecomputeNorm();
            Put(story);
            _latest = Math.Max(_latest, story.LastSeen);
        }
    }

    /// <summary>A story this batch may change: its working copy, or null when it is not active.</summary>
    public StoryState? Find(string storyId)
    {
        if (_working.TryGetValue(storyId, out var working))
        {
            return working;
        }
        if (_stories.TryGetValue(storyId, out var story))
        {
            var copy = story.Clone();
            _working[storyId] = copy;
            return copy;
        }
        return null;
    }

    /// <summary>Takes a story loaded from storage into this batch's work (it becomes active on commit).</summary>
    public StoryState Adopt(StoryState story)
    {
        ArgumentNullException.ThrowIfNull(story);
        _working[story.Id] = story;
        return story;
    }

    /// <summary>Clusters an original article (not a copy) seen at <paramref name="time"/> (Unix ms).</summary>
    /// <param name="analysis">The article's <see cref="StoryTerms.Analyze"/>, when already computed.</param>
    public StoryAssignment Assign(Article article, long time, StoryTerms.Analysis? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = analysis ?? StoryTerms.Analyze(article.Title, article.Body);
        var documents = _documents + _documentsDelta + 1;
        var vector = Vector(text, documents);
        var entities = Salient(article, text, documents);

        StoryState? best = null;
        var bestScore = 0.0;
        // Content below the minimum can never be eligible, so those candidates are not scored further.
        foreach (var (story, content, entityScore, shared) in Score(vector, entities, time, documents, options.MinContentSimilarity))
        {
            var score = Combine(content, entityScore, entities.Count > 0 && story.Entities.Count > 0);
            if (Eligible(content, shared, entities.Count, story) && score >= options.Threshold && score > bestScore)
            {
                best = story;
                bestScore = score;
            }
        }

        var created = best is null;
        if (best is null)
        {
            best = new StoryState { Id = NewId(article.Id), FirstSeen = time, LastSeen = time };
            _working[best.Id] = best;
        }
        else if (!_working.ContainsKey(best.Id))
        {
            best = Find(best.Id)!;
        }
        AddMember(best, article, time, vector, entities);
        foreach (var term in text.Counts.Keys)
        {
            _dfDelta[term] = _dfDelta.GetValueOrDefault(term) + 1;
        }
        foreach (var name in text.Names.Keys)
        {
            var key = StoryEntity.NameKey(name);
            _dfDelta[key] = _dfDelta.GetValueOrDefault(key) + 1;
        }
        foreach (var entity in article.Entities.Where(e => e.Type != EntityType.Misc))
        {
            var key = StoryEntity.KeyOf(entity.Type, entity.Name);
            _dfDelta[key] = _dfDelta.GetValueOrDefault(key) + 1;
        }
        _documentsDelta++;
        return new StoryAssignment(best.Id, created, Math.Round(bestScore, 3));
    }

    /// <summary>
    /// The blend of content and entity similarity; when either side names no known entity there is
    /// nothing to compare, and content alone decides.
    /// </summary>
    private double Combine(double content, double entities, bool bothHaveEntities) =>
        bothHaveEntities ? (1 - options.EntityWeight) * content + options.EntityWeight * entities : content;

    /// <summary>
    /// Enough evidence to join at all: similar content, and either very similar content or at least
    /// <see cref="StoryOptions.MinSharedEntities"/> entities or names in common (two football reports
    /// share the league's name and a vocabulary, not the teams).
    /// </summary>
    private bool Eligible(double content, int shared, int salient, StoryState story)
    {
        if (content < options.MinContentSimilarity)
        {
            return false;
        }
        var required = Math.Min(options.MinSharedEntities, Math.Min(salient, story.Entities.Count));
        return shared >= required || content >= StrongContentSimilarity;
    }

    /// <summary>How similar an article is to each candidate story (content cosine, entity overlap), for tuning.</summary>
    internal IReadOnlyList<(string StoryId, double Content, double Entities, int Shared, double Score, bool Eligible)> Explain(Article article, long time)
    {
        var documents = _documents + _documentsDelta + 1;
        var text = StoryTerms.Analyze(article.Title, article.Body);
        var vector = Vector(text, documents);
        var entities = Salient(article, text, documents);
        return Score(vector, entities, time, documents, minContent: double.NegativeInfinity)
            .Select(s => (s.Story.Id, s.Content, s.Entities, s.Shared, Combine(s.Content, s.Entities, entities.Count > 0 && s.Story.Entities.Count > 0),
                Eligible(s.Content, s.Shared, entities.Count, s.Story))).ToList();
    }

    /// <summary>Candidate stories with their content and entity similarity; those below <paramref name="minContent"/> skip the (costlier) entity overlap and are left out.</summary>
    private IEnumerable<(StoryState Story, double Content, double Entities, int Shared)> Score(Dictionary<string, float> vector,
        List<(StoryEntity Entity, double Weight)> entities, long time, long documents, double minContent)
    {
        var mine = Weights(entities);
        var prior = Prior(entities);
        var sparse = Sparse(vector);
        foreach (var story in Candidates(vector, entities, time))
        {
            var content = Cosine(sparse, story);
            if (content < minContent)
            {
                continue;
            }
            var (overlap, shared) = EntityOverlap(mine, prior, story, documents);
            yield return (story, content, overlap, shared);
        }
    }

    private static Dictionary<string, double> Weights(List<(StoryEntity Entity, double Weight)> entities)
    {
        var weights = new Dictionary<string, double>(entities.Count, StringComparer.Ordinal);
        foreach (var (entity, weight) in entities)
        {
            weights.Add(entity.Key, weight);
        }
        return weights;
    }

    private static double Prior(List<(StoryEntity Entity, double Weight)> entities) => entities.Count == 0 ? 0 : entities.Average(e => e.Weight);

    /// <summary>Counts a copy into the story of its original (counts and sources only, not content).</summary>
    public void AddCopy(StoryState story, Article article, long time)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(article);
        Touch(story, article, time);
    }

    /// <summary>A fresh story for an article whose original's story is no longer known.</summary>
    public StoryState Start(Article article, long time)
    {
        ArgumentNullException.ThrowIfNull(article);
        var story = new StoryState { Id = NewId(article.Id), FirstSeen = time, LastSeen = time, Title = article.Title };
        _working[story.Id] = story;
        Touch(story, article, time);
        return story;
    }

    public void Commit()
    {
        foreach (var story in _working.Values)
        {
            Put(story);
        }
        foreach (var (term, delta) in _dfDelta)
        {
            var df = _df.GetValueOrDefault(term) + delta;
            _df[term] = df;
            PendingFrequencies[term] = df;
        }
        _documents += _documentsDelta;
        _latest = Math.Max(_latest, _latestWorking);
        ClearWorking();
        Evict();
    }

    public void Rollback() => ClearWorking();

    private void ClearWorking()
    {
        _working.Clear();
        _dfDelta.Clear();
        _documentsDelta = 0;
        _latestWorking = 0;
    }

    /// <summary>Forgets stories that can no longer be joined, and the least recent beyond the cap.</summary>
    private void Evict()
    {
        var cutoff = _latest - (long)options.Window.TotalMilliseconds;
        var expired = _stories.Values.Where(s => s.LastSeen < cutoff).Select(s => s.Id).ToList();
        if (_stories.Count - expired.Count > options.MaxActive)
        {
            expired.AddRange(_stories.Values.Where(s => s.LastSeen >= cutoff).OrderBy(s => s.LastSeen)
                .Take(_stories.Count - expired.Count - options.MaxActive).Select(s => s.Id));
        }
        foreach (var id in expired)
        {
            Remove(id);
        }
    }

    private void Put(StoryState story)
    {
        Remove(story.Id);
        _stories[story.Id] = story;
        var keys = story.Centroid.OrderByDescending(kv => kv.Value).Take(IndexedTerms).Select(kv => kv.Key)
            .Concat(story.TopFeatures(StoryFeatures).Select(e => e.Key))
            .ToArray();
        _storyKeys[story.Id] = keys;
        foreach (var key in keys)
        {
            if (!_postings.TryGetValue(key, out var ids))
            {
                _postings[key] = ids = new HashSet<string>(StringComparer.Ordinal);
            }
            ids.Add(story.Id);
        }
    }

    private void Remove(string storyId)
    {
        if (!_stories.Remove(storyId) || !_storyKeys.Remove(storyId, out var keys))
        {
            return;
        }
        foreach (var key in keys)
        {
            if (_postings.TryGetValue(key, out var ids) && ids.Remove(storyId) && ids.Count == 0)
            {
                _postings.Remove(key);
            }
        }
    }

    private IEnumerable<StoryState> Candidates(Dictionary<string, float> vector, List<(StoryEntity Entity, double Weight)> entities, long time)
    {
        var window = (long)options.Window.TotalMilliseconds;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = vector.OrderByDescending(kv => kv.Value).Take(LookupTerms).Select(kv => kv.Key)
            .Concat(entities.Select(e => e.Entity.Key));
        foreach (var key in keys)
        {
            if (!_postings.TryGetValue(key, out var ids))
            {
                continue;
            }
            foreach (var id in ids)
            {
                if (seen.Add(id))
                {
                    var story = _working.GetValueOrDefault(id) ?? _stories[id];
                    if (InWindow(story, time, window))
                    {
                        yield return story;
                    }
                }
            }
        }
        foreach (var story in _working.Values)
        {
            if (seen.Add(story.Id) && InWindow(story, time, window))
            {
                yield return story;
            }
        }
    }

    private static bool InWindow(StoryState story, long time, long window) =>
        time >= story.FirstSeen - window && time <= story.LastSeen + window;

    private double Idf(string key, long documents) =>
        Math.Log((documents + 1.0) / (_df.GetValueOrDefault(key) + _dfDelta.GetValueOrDefault(key) + 1.0)) + 1.0;

    /// <summary>The article's top TF-IDF terms, L2-normalized.</summary>
    private Dictionary<string, float> Vector(StoryTerms.Analysis text, long documents)
    {
        var all = new (string Term, double Weight)[text.Counts.Count];
        var n = 0;
        foreach (var (term, count) in text.Counts)
        {
            all[n++] = (term, (1 + Math.Log(count)) * Idf(term, documents) * (text.NameWords.Contains(term) ? NameBoost : 1));
        }
        // Heaviest first, ties by term: terms are distinct, so this is the order a stable sort on both keys gives.
        Array.Sort(all, static (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Term, b.Term));
        var weighted = all.AsSpan(0, Math.Min(VectorTerms, all.Length));
        double squares = 0;
        foreach (var (_, weight) in weighted)
        {
            squares += weight * weight;
        }
        var norm = Math.Sqrt(squares);
        var vector = new Dictionary<string, float>(weighted.Length, StringComparer.Ordinal);
        foreach (var (term, weight) in weighted)
        {
            vector[term] = (float)(norm > 0 ? weight / norm : 0);
        }
        return vector;
    }

    /// <summary>
    /// The article's most-mentioned people, organizations and places, and the names it capitalizes that
    /// are not part of those (places and teams the gazetteer does not know), weighted by rarity.
    /// </summary>
    private List<(StoryEntity Entity, double Weight)> Salient(Article article, StoryTerms.Analysis text, long documents)
    {
        var salient = article.Entities.Where(e => e.Type != EntityType.Misc)
            .OrderByDescending(e => e.Mentions).ThenBy(e => e.FirstOffset).Take(SalientEntities)
            .Select(e => (Entity: new StoryEntity(e.Name, e.Type, e.Id, 1, e.Mentions),
                Weight: Idf(StoryEntity.KeyOf(e.Type, e.Name), documents) * (1 + Math.Log(Math.Max(1, e.Mentions)))))
            .ToList();
        var covered = new HashSet<string>(article.Entities.SelectMany(e => StoryTerms.Distinct(e.Name)), StringComparer.Ordinal);
        salient.AddRange(text.Names.Where(n => !n.Key.Split(' ').Any(covered.Contains))
            .Select(n => (Entity: new StoryEntity(n.Key, EntityType.Misc, null, 1, n.Value, IsName: true),
                Weight: Idf(StoryEntity.NameKey(n.Key), documents) * (1 + Math.Log(n.Value))))
            .OrderByDescending(n => n.Weight).ThenBy(n => n.Entity.Name, StringComparer.Ordinal).Take(SalientNames));
        return salient;
    }

    /// <summary>An article's vector as term ids in ascending order, each with its weight and its place in the vector.</summary>
    private readonly record struct SparseVector(int[] Ids, float[] Weights, int[] Positions, float[] Products);

    private int TermId(string term)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_termIds, term, out var exists);
        if (!exists)
        {
            id = _termIds.Count;
        }
        return id;
    }

    private SparseVector Sparse(Dictionary<string, float> vector)
    {
        var ids = new int[vector.Count];
        var weights = new float[vector.Count];
        var positions = new int[vector.Count];
        var i = 0;
        foreach (var (term, weight) in vector)
        {
            ids[i] = TermId(term);
            weights[i] = weight;
            positions[i] = i;
            i++;
        }
        Array.Sort(ids, positions);
        var sortedWeights = new float[ids.Length];
        for (i = 0; i < ids.Length; i++)
        {
            sortedWeights[i] = weights[positions[i]];
        }
        return new SparseVector(ids, sortedWeights, positions, new float[ids.Length]);
    }

    private (int[] Ids, float[] Weights) Sparse(StoryState story)
    {
        if (story.Sparse is { } cached)
        {
            return cached;
        }
        var ids = new int[story.Centroid.Count];
        var weights = new float[ids.Length];
        var i = 0;
        foreach (var (term, weight) in story.Centroid)
        {
            ids[i] = TermId(term);
            weights[i] = weight;
            i++;
        }
        Array.Sort(ids, weights);
        story.Sparse = (ids, weights);
        return (ids, weights);
    }

    private double Cosine(SparseVector vector, StoryState story)
    {
        if (story.Norm <= 0)
        {
            return 0;
        }
        var (ids, weights) = Sparse(story);
        var products = vector.Products;
        Array.Clear(products);
        int a = 0, b = 0;
        while (a < vector.Ids.Length && b < ids.Length)
        {
            var difference = vector.Ids[a] - ids[b];
            if (difference == 0)
            {
                products[vector.Positions[a]] = vector.Weights[a] * weights[b];
                a++;
                b++;
            }
            else if (difference < 0)
            {
                a++;
            }
            else
            {
                b++;
            }
        }
        // Summed in the vector's own order, as a lookup per term would: the same double, bit for bit.
        double dot = 0;
        foreach (var product in products)
        {
            dot += product;
        }
        return dot / story.Norm;
    }

    /// <summary>
    /// Weighted Jaccard of the article's salient entities and the story's top ones, where a story
    /// entity weighs by the share of the story's articles naming it. One unmatched entity of average
    /// weight is added to the union, so that sharing the only place an article names is not a match.
    /// </summary>
    private (double Overlap, int Shared) EntityOverlap(Dictionary<string, double> mine, double prior, StoryState story, long documents)
    {
        if (mine.Count == 0 || story.Members == 0)
        {
            return (0, 0);
        }
        double shared = 0, union = 0;
        var count = 0;
        var unmatched = mine.Count;
        var top = story.TopFeatureKeys(StoryFeatures);
        foreach (var (entity, key) in top)
        {
            var theirs = Idf(key, documents) * Math.Min(1.0, entity.Articles / (double)story.Members) *
                         (1 + Math.Log(Math.Max(1.0, entity.Mentions / (double)Math.Max(1, entity.Articles))));
            var ours = 0.0;
            if (mine.TryGetValue(key, out var weight))
            {
                ours = weight;
                unmatched--;
            }
            count += ours > 0 ? 1 : 0;
            shared += Math.Min(ours, theirs);
            union += Math.Max(ours, theirs);
        }
        // The article's entities the story's top ones do not name count fully in the union.
        if (unmatched > 0)
        {
            foreach (var (key, weight) in mine)
            {
                if (!Names(top, key))
                {
                    union += weight;
                }
            }
        }
        return (shared / (union + prior), count);

        static bool Names(ReadOnlySpan<(StoryEntity Entity, string Key)> top, string key)
        {
            foreach (var (_, topKey) in top)
            {
                if (string.Equals(topKey, key, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }
    }

    private void AddMember(StoryState story, Article article, long time, Dictionary<string, float> vector, List<(StoryEntity Entity, double Weight)> salient)
    {
        Touch(story, article, time);
        story.Members++;
        foreach (var (term, weight) in vector)
        {
            story.Centroid[term] = story.Centroid.GetValueOrDefault(term) + weight;
        }
        if (story.Centroid.Count > StoryState.MaxCentroidTerms)
        {
            foreach (var term in story.Centroid.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                         .Take(story.Centroid.Count - StoryState.MaxCentroidTerms).Select(kv => kv.Key).ToList())
            {
                story.Centroid.Remove(term);
            }
        }
        story.RecomputeNorm();
        var features = article.Entities.Where(e => e.Type != EntityType.Misc).Select(e => new StoryEntity(e.Name, e.Type, e.Id, 1, e.Mentions))
            .Concat(salient.Select(s => s.Entity).Where(e => e.IsName));
        foreach (var entity in features)
        {
            var key = entity.Key;
            story.Entities[key] = story.Entities.TryGetValue(key, out var known)
                ? known with { Articles = known.Articles + 1, Mentions = known.Mentions + entity.Mentions, Id = known.Id ?? entity.Id }
                : entity;
        }
        if (story.Entities.Count > 200)
        {
            foreach (var key in story.Entities.OrderBy(kv => kv.Value.Articles).ThenBy(kv => kv.Value.Mentions).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                         .Take(story.Entities.Count - 200).Select(kv => kv.Key).ToList())
            {
                story.Entities.Remove(key);
            }
        }
        story.EntitiesChanged();
        AddTitle(story, article.Title);
    }

    private void Touch(StoryState story, Article article, long time)
    {
        story.ArticleCount++;
        story.FirstSeen = Math.Min(story.FirstSeen, time);
        story.LastSeen = Math.Max(story.LastSeen, time);
        var source = string.IsNullOrWhiteSpace(article.Source) ? "unknown" : article.Source;
        story.Sources[source] = story.Sources.GetValueOrDefault(source) + 1;
        if (story.Title.Length == 0)
        {
            story.Title = article.Title;
        }
        _latestWorking = Math.Max(_latestWorking, time);
    }

    /// <summary>Keeps the story's best headlines and names the one closest to what the story is about.</summary>
    private static void AddTitle(StoryState story, string title)
    {
        if (!story.Titles.Contains(title, StringComparer.Ordinal))
        {
            if (story.Titles.Count < StoryState.MaxTitles)
            {
                story.Titles.Add(title);
            }
            else
            {
                var worst = story.Titles.MinBy(t => TitleScore(story, t))!;
                if (TitleScore(story, title) > TitleScore(story, worst))
                {
                    story.Titles[story.Titles.IndexOf(worst)] = title;
                }
            }
        }
        story.Title = story.Titles.MaxBy(t => TitleScore(story, t)) ?? title;
    }

    /// <summary>How much of the story's vocabulary a headline carries, not favouring long ones.</summary>
    internal static double TitleScore(StoryState story, string title)
    {
        var terms = StoryTerms.Distinct(title);
        if (terms.Count == 0 || story.Norm <= 0)
        {
            return 0;
        }
        var sum = terms.Sum(t => (double)story.Centroid.GetValueOrDefault(t));
        return sum / Math.Sqrt(terms.Count) / story.Norm;
    }

    /// <summary>A story's id derives from its first article's, so a retried batch recreates the same story.</summary>
    public static string NewId(string firstArticleId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("story\n" + firstArticleId)), 0, 8);
}
