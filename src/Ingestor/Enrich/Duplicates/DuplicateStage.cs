using System.Diagnostics;
using Ingestor.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Enrich.Duplicates;

/// <summary>
/// Links each new article that copies an earlier one to that first-seen original (<c>DuplicateOf</c>):
/// same canonical URL, same body text (whatever the headline), or a near-identical body (MinHash
/// over word shingles, LSH for candidates: syndicated copies with another headline, added
/// boilerplate, truncation or light edits). Duplicates are still indexed; search collapses them.
/// Decisions are persisted per article id, so a retried batch or an update gets the same answer.
/// </summary>
public sealed class DuplicateStage(
    DuplicateStore store,
    IOptions<DuplicateOptions> options,
    IngestorMetrics metrics,
    TimeProvider time,
    ILogger<DuplicateStage> logger) : IBatchStage
{
    private const double MinJaccard = 0.08;

    private readonly DuplicateOptions _options = options.Value;
    private readonly NearDuplicateIndex _index = new();
    private readonly List<DuplicateRecord> _pending = [];
    private bool _loaded;
    private int _mark;

    public string Name => "duplicates";

    public async Task<IReadOnlyList<IndexedArticle>> PrepareAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || batch.Count == 0)
        {
            return batch;
        }
        var started = Stopwatch.GetTimestamp();
        await EnsureLoadedAsync(cancellationToken);
        _mark = _index.Mark;
        _pending.Clear();

        var now = time.GetUtcNow();
        // Each fingerprint depends on its own body only: computed on all cores, off the indexer's serial path.
        var fingerprints = new DuplicateFingerprint[batch.Count];
        ParallelWork.For(batch.Count, i => fingerprints[i] = TextFingerprint.Compute(batch[i].Article.Body, _options.ShingleSize, _options.MinWords));
        var known = await store.LookupAsync(
            batch.Select(b => b.Article.Id).ToList(),
            fingerprints.Select(f => f.BodyHash).Distinct(StringComparer.Ordinal).ToList(),
            batch.Select(b => b.Article.CanonicalUrl).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            cancellationToken);
        var byBody = new Dictionary<string, string>(known.RootByBodyHash, StringComparer.Ordinal);
        var byUrl = new Dictionary<string, string>(known.RootByUrl, StringComparer.Ordinal);

        var result = new List<IndexedArticle>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var article = item.Article;
            var fingerprint = fingerprints[i];
            if (known.ById.TryGetValue(article.Id, out var earlier))
            {
                // Decided before (a retried batch, or a new version of a known article): keep the answer.
                if (earlier.DuplicateOf is null && earlier.BodyHash != fingerprint.BodyHash)
                {
                    _pending.Add(earlier with { BodyHash = fingerprint.BodyHash, CanonicalUrl = article.CanonicalUrl, Shingles = fingerprint.Shingles, Signature = fingerprint.Signature });
                }
                result.Add(item with { Article = article with { DuplicateOf = earlier.DuplicateOf } });
                continue;
            }
            var seenAt = (article.Ingested ?? now).ToUnixTimeMilliseconds();
            var (original, method, similarity) = Decide(article.Id, article.CanonicalUrl, fingerprint, byUrl, byBody);
            if (original is not null)
            {
                _pending.Add(new DuplicateRecord(article.Id, article.CanonicalUrl, fingerprint.BodyHash, original, method, similarity, seenAt, fingerprint.Shingles, null));
                metrics.Duplicates.Add(1, new KeyValuePair<string, object?>("method", method.ToString()!.ToLowerInvariant()));
                Log.Duplicate(logger, article.Id, original, method.ToString()!.ToLowerInvariant(), similarity);
                result.Add(item with { Article = article with { DuplicateOf = original } });
                continue;
            }
            _pending.Add(new DuplicateRecord(article.Id, article.CanonicalUrl, fingerprint.BodyHash, null, null, 0, seenAt, fingerprint.Shingles, fingerprint.Signature));
            byBody.TryAdd(fingerprint.BodyHash, article.Id);
            if (article.CanonicalUrl is { } url)
            {
                byUrl.TryAdd(url, article.Id);
            }
            if (fingerprint.Signature is { } signature)
            {
                _index.Add(article.Id, signature, fingerprint.Shingles, seenAt);
            }
            result.Add(item with { Article = article with { DuplicateOf = null } });
        }
        metrics.StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", Name));
        return result;
    }

    private (string? Original, DuplicateMethod? Method, double Similarity) Decide(string id, string? url, DuplicateFingerprint fingerprint,
        Dictionary<string, string> byUrl, Dictionary<string, string> byBody)
    {
        if (url is not null && byUrl.TryGetValue(url, out var sameUrl) && sameUrl != id)
        {
            return (sameUrl, DuplicateMethod.Url, 1);
        }
        if (byBody.TryGetValue(fingerprint.BodyHash, out var sameBody) && sameBody != id)
        {
            return (sameBody, DuplicateMethod.Content, 1);
        }
        if (fingerprint.Signature is { } signature)
        {
            foreach (var candidate in _index.Candidates(signature, fingerprint.Shingles))
            {
                if (candidate.Containment < _options.Threshold)
                {
                    break;
                }
                // With very unequal lengths a few chance matches inflate the containment estimate:
                // also ask for enough matching signature positions to be more than chance.
                if (candidate.ArticleId != id && candidate.Jaccard >= MinJaccard)
                {
                    return (candidate.ArticleId, DuplicateMethod.Near, Math.Round(candidate.Containment, 3));
                }
            }
        }
        return (null, null, 0);
    }

    public async Task CommitAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        // Every prepared decision is kept, also for articles the index refused this time: when they
        // come back they find their decision by id instead of matching themselves.
        await store.SaveAsync(_pending, cancellationToken);
        _pending.Clear();
        _mark = _index.Mark;
        _index.Evict((long)_options.Window.TotalMilliseconds, _options.MaxTracked);
    }

    public void Rollback()
    {
        _index.RollbackTo(_mark);
        _pending.Clear();
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }
        var since = (time.GetUtcNow() - _options.Window).ToUnixTimeMilliseconds();
        foreach (var record in await store.LoadOriginalsAsync(since, _options.MaxTracked, cancellationToken))
        {
            _index.Add(record.ArticleId, record.Signature!, record.Shingles, record.SeenAt);
        }
        _mark = _index.Mark;
        _loaded = true;
        Log.Loaded(logger, _index.Count);
    }
}
