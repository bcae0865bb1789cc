using System.Diagnostics;
using Ingestor.Articles;
using Ingestor.Enrich.Stories;
using Ingestor.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Alerts;

/// <summary>
/// Evaluates the alert rules on each indexed batch: only articles new to Ingestor (not updates of one
/// already seen) that are not copies. Matching is the engine's (<see cref="IAlertMatcher"/>); what the
/// matches mean is decided and recorded by <see cref="AlertOutbox"/>, in one transaction, before the
/// batch leaves the journal. Sending is left to the delivery worker, so indexing never waits on a
/// slow webhook.
/// </summary>
public sealed class AlertEvaluator(
    AlertRuleStore rules,
    IAlertMatcher matcher,
    AlertOutbox outbox,
    StoryStore stories,
    AlertSignal signal,
    IOptions<AlertOptions> options,
    IngestorMetrics metrics,
    ILogger<AlertEvaluator> logger) : IIndexedObserver
{
    private long _syncedVersion = -1;

    public string Name => "alerts";

    public async Task OnIndexedAsync(IReadOnlyList<IndexedArticle> batch, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        var candidates = batch.Where(b => b.Change == ArticleChange.New && b.Article.DuplicateOf is null).Select(b => b.Article).ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var active = await ActiveRulesAsync(cancellationToken);
        if (active.Count == 0)
        {
            return;
        }
        var matches = await matcher.MatchAsync(candidates, active, cancellationToken);
        if (matches.Count == 0)
        {
            return;
        }
        var byId = candidates.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var ruleById = active.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var resolved = matches.Where(m => ruleById.ContainsKey(m.RuleId))
            .Select(m => (Rule: ruleById[m.RuleId], Articles: (IReadOnlyList<Article>)m.ArticleIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList()))
            .ToList();
        var storyIds = resolved.SelectMany(m => m.Articles).Select(a => a.StoryId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var summaries = storyIds.Count == 0 ? [] : (await stories.ListAsync(storyIds, null, null, storyIds.Count, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var created = await outbox.RecordAsync(resolved, id => summaries.GetValueOrDefault(id), cancellationToken);
        metrics.StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", Name));
        if (created > 0)
        {
            Log.AlertsRecorded(logger, created, resolved.Count);
            signal.Notify();
        }
    }

    /// <summary>The enabled rules, with the engine's copy brought up to date when they changed.</summary>
    private async Task<IReadOnlyList<AlertRule>> ActiveRulesAsync(CancellationToken cancellationToken)
    {
        var version = await rules.VersionAsync(cancellationToken);
        var all = await rules.GetRulesAsync(cancellationToken);
        if (version != Interlocked.Read(ref _syncedVersion))
        {
            await matcher.SyncAsync(all, cancellationToken);
            Interlocked.Exchange(ref _syncedVersion, version);
        }
        return all.Where(r => r.Enabled).ToList();
    }
}

/// <summary>Wakes the delivery worker when alerts were recorded (possibly by another component in this process).</summary>
public sealed class AlertSignal
{
    private readonly System.Threading.Channels.Channel<bool> _channel =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when notified (or cancelled).</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        await _channel.Reader.WaitToReadAsync(cancellationToken);
        _channel.Reader.TryRead(out _);
    }
}
