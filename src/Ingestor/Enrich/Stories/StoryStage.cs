using System.Diagnostics;
using Ingestor.Articles;
using Ingestor.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Enrich.Stories;

/// <summary>
/// Puts every article into a story before it is indexed (<c>StoryId</c>, a search facet and filter):
/// copies join their original's story, other articles are clustered (<see cref="StoryClusterer"/>).
/// Placements are persisted per article id, so a retried batch or an update keeps its story.
/// Runs after the duplicate stage.
/// </summary>
public sealed class StoryStage(
    StoryStore store,
    IOptions<StoryOptions> options,
    IngestorMetrics metrics,
    TimeProvider time,
    ILogger<StoryStage> logger) : IBatchStage, IAsyncDisposable
{
    private static readonly TimeSpan FrequencyFlushInterval = TimeSpan.FromSeconds(30);

    private readonly StoryOptions _options = options.Value;
    private readonly StoryClusterer _clusterer = new(options.Value);
    private readonly List<StoryMember> _pending = [];
    private DateTimeOffset _lastFlush;
    private bool _loaded;

    public string Name => "stories";

    public async Task<IReadOnlyList<IndexedArticle>> PrepareAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || batch.Count == 0)
        {
            return batch;
        }
        var started = Stopwatch.GetTimestamp();
        await EnsureLoadedAsync(cancellationToken);
        _clusterer.Rollback();
        _pending.Clear();

        var lookup = batch.Select(b => b.Article.Id).Concat(batch.Select(b => b.Article.DuplicateOf).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        var placed = await store.LookupMembersAsync(lookup, cancellationToken);
        var now = time.GetUtcNow();
        // The text analysis of every article that will be clustered depends on that article alone: done on all
        // cores up front, so the ordered loop below only compares and updates stories.
        var analyses = new StoryTerms.Analysis?[batch.Count];
        ParallelWork.For(batch.Count, i =>
        {
            var article = batch[i].Article;
            if (!placed.ContainsKey(article.Id) && article.DuplicateOf is null)
            {
                analyses[i] = StoryTerms.Analyze(article.Title, article.Body);
            }
        });
        var result = new List<IndexedArticle>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var article = item.Article;
            if (placed.TryGetValue(article.Id, out var known))
            {
                result.Add(item with { Article = article with { StoryId = known } });
                continue;
            }
            var at = StoryTime(article, now);
            StoryState? story = null;
            var created = false;
            var score = 1.0;
            if (article.DuplicateOf is { } original && placed.TryGetValue(original, out var originalStory))
            {
                story = _clusterer.Find(originalStory) ?? await AdoptAsync(originalStory, cancellationToken);
                if (story is not null)
                {
                    _clusterer.AddCopy(story, article, at);
                }
            }
            if (story is null)
            {
                var assignment = _clusterer.Assign(article, at, analyses[i]);
                story = _clusterer.Find(assignment.StoryId)!;
                created = assignment.Created;
                score = assignment.Score;
                Log.Assigned(logger, article.Id, assignment.StoryId, created, assignment.Score);
            }
            placed[article.Id] = story.Id;
            _pending.Add(new StoryMember(article.Id, story.Id, article.Title, article.Url, string.IsNullOrWhiteSpace(article.Source) ? "unknown" : article.Source,
                article.Published, at, article.DuplicateOf, created, score));
            result.Add(item with { Article = article with { StoryId = story.Id } });
        }
        metrics.StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", Name));
        return result;
    }

    /// <summary>A story no longer active in memory (a late copy of an old article): loaded to be updated.</summary>
    private async Task<StoryState?> AdoptAsync(string storyId, CancellationToken cancellationToken)
    {
        var state = await store.LoadStateAsync(storyId, cancellationToken);
        return state is null ? null : _clusterer.Adopt(state);
    }

    /// <summary>An article's time in its story: when published, unless that is implausibly far ahead of its arrival.</summary>
    private static long StoryTime(Article article, DateTimeOffset now)
    {
        var seen = article.Ingested ?? now;
        var published = article.Published is { } p && p <= seen.AddDays(1) ? p : seen;
        return published.ToUnixTimeMilliseconds();
    }

    public async Task CommitAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        var created = _pending.Count(m => m.Started);
        await store.SaveAsync(_clusterer.Touched, _pending, cancellationToken);
        _clusterer.Commit();
        _pending.Clear();
        if (created > 0)
        {
            metrics.Stories.Add(created);
        }
        var now = time.GetUtcNow();
        if (now - _lastFlush >= FrequencyFlushInterval)
        {
            await FlushFrequenciesAsync(cancellationToken);
            _lastFlush = now;
        }
    }

    public void Rollback()
    {
        _clusterer.Rollback();
        _pending.Clear();
    }

    private async Task FlushFrequenciesAsync(CancellationToken cancellationToken)
    {
        if (_clusterer.PendingFrequencies.Count == 0)
        {
            return;
        }
        await store.SaveFrequenciesAsync(_clusterer.PendingFrequencies, _clusterer.Documents, cancellationToken);
        _clusterer.PendingFrequencies.Clear();
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }
        var (frequencies, documents) = await store.LoadFrequenciesAsync(cancellationToken);
        var since = (time.GetUtcNow() - _options.Window - _options.Window).ToUnixTimeMilliseconds();
        var stories = await store.LoadActiveAsync(since, _options.MaxActive, cancellationToken);
        _clusterer.Load(frequencies, documents, stories);
        _lastFlush = time.GetUtcNow();
        _loaded = true;
        Log.Loaded(logger, stories.Count, documents);
    }

    /// <summary>Term statistics are saved every half minute; this saves the rest on shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_loaded)
        {
            try
            {
                await FlushFrequenciesAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or ObjectDisposedException)
            {
                Log.FlushFailed(logger, ex);
            }
        }
    }
}
