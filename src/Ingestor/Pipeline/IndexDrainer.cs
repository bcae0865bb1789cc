using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Pipeline;

/// <summary>
/// Moves articles from the journal into the index, in acceptance order, in batches: runs the
/// stateful batch stages (duplicates, stories), writes the batch, lets observers (alerts) see it and
/// only then removes it from the journal. An unavailable index is retried with back-off, never
/// dropped; a single article the index keeps refusing is set aside in the dead-letter folder.
/// </summary>
public sealed class IndexDrainer(
    ArticleJournal journal,
    ISearchIndex index,
    IEnumerable<IBatchStage> stages,
    IEnumerable<IIndexedObserver> observers,
    PipelineHealth health,
    IngestorMetrics metrics,
    IngestorPaths paths,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<IndexDrainer> logger) : IDisposable
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _drainLock = new(1, 1);
    private readonly IBatchStage[] _stages = stages.ToArray();
    private readonly IIndexedObserver[] _observers = observers.ToArray();
    private readonly PipelineOptions _options = options.Value;

    /// <summary>Wakes the drainer: new work is in the journal.</summary>
    public void Signal() => _signals.Writer.TryWrite(true);

    /// <summary>Drains whenever signalled, until cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Signal(); // whatever a previous run left in the journal
        try
        {
            while (await _signals.Reader.WaitToReadAsync(stoppingToken))
            {
                _signals.Reader.TryRead(out _);
                await DrainAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what is left stays in the journal for the next start.
        }
    }

    /// <summary>Indexes everything in the journal; returns how many articles were indexed.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        await _drainLock.WaitAsync(cancellationToken);
        try
        {
            var total = 0;
            var backoff = TimeSpan.FromMilliseconds(200);
            while (true)
            {
                var pending = await journal.CountAsync(cancellationToken);
                health.SetJournal(pending, pending >= _options.JournalLimit);
                if (pending == 0)
                {
                    return total;
                }
                if (pending < _options.IndexBatchSize && _options.IndexBatchDelay > TimeSpan.Zero && total == 0)
                {
                    // Let a burst fill the batch: one write of 200 beats 200 writes of one.
                    await Task.Delay(_options.IndexBatchDelay, time, cancellationToken);
                }
                var peeked = Stopwatch.GetTimestamp();
                var batch = await journal.PeekAsync(_options.IndexBatchSize, cancellationToken);
                metrics.StageDuration.Record(Stopwatch.GetElapsedTime(peeked).TotalMilliseconds, new KeyValuePair<string, object?>("stage", "peek"));
                if (batch.Count == 0)
                {
                    return total;
                }
                var outcome = await TryIndexAsync(batch, cancellationToken);
                if (outcome.Indexed > 0 || outcome.Handled)
                {
                    total += outcome.Indexed;
                    backoff = TimeSpan.FromMilliseconds(200);
                    if (health.IndexError is not null)
                    {
                        health.IndexRecovered();
                        Log.IndexRecovered(logger);
                    }
                    continue;
                }
                health.IndexFailed(outcome.Error ?? "unknown error");
                Log.IndexUnavailable(logger, outcome.Error ?? "unknown error", pending, backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxIndexBackoff.Ticks));
            }
        }
        finally
        {
            _drainLock.Release();
        }
    }

    private readonly record struct BatchOutcome(int Indexed, bool Handled, string? Error);

    private async Task<BatchOutcome> TryIndexAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<IndexedArticle> prepared = batch.Select(e => new IndexedArticle(e.Article, e.Change)).ToList();
        try
        {
            foreach (var stage in _stages)
            {
                prepared = await stage.PrepareAsync(prepared, cancellationToken);
            }
            var results = await index.IndexAsync(prepared.Select(p => p.Article).ToList(), cancellationToken);
            var failed = results.Where(r => r.Outcome == IndexOutcome.Failed).ToDictionary(r => r.Id, r => r.Error ?? "refused");
            var indexed = prepared.Where(p => !failed.ContainsKey(p.Article.Id)).ToList();

            foreach (var stage in _stages)
            {
                await stage.CommitAsync(indexed, cancellationToken);
            }
            foreach (var observer in _observers)
            {
                try
                {
                    await observer.OnIndexedAsync(indexed, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ObserverFailed(logger, ex, observer.Name, indexed.Count);
                    return new BatchOutcome(0, false, $"{observer.Name}: {ex.Message}");
                }
            }
            var done = batch.Where(e => !failed.ContainsKey(e.Article.Id)).ToList();
            await journal.CompleteAsync(done, cancellationToken);
            if (failed.Count > 0)
            {
                await HandleRefusedAsync(batch.Where(e => failed.ContainsKey(e.Article.Id)).ToList(), failed, cancellationToken);
            }
            metrics.Indexed.Add(indexed.Count);
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.StageDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("stage", "index"));
            Log.Indexed(logger, indexed.Count, (long)elapsed.TotalMilliseconds,
                results.Count(r => r.Outcome == IndexOutcome.Created), results.Count(r => r.Outcome == IndexOutcome.Updated));
            return new BatchOutcome(indexed.Count, true, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            foreach (var stage in _stages)
            {
                stage.Rollback();
            }
            metrics.IndexErrors.Add(1);
            await journal.RecordFailureAsync(batch, ex.Message, cancellationToken);
            if (batch.Count > 1 && await IndexIsHealthyAsync(cancellationToken))
            {
                // The index works but refuses this batch: isolate the article(s) at fault one by one.
                var indexed = 0;
                foreach (var entry in batch)
                {
                    var single = await TryIndexAsync([entry], cancellationToken);
                    indexed += single.Indexed;
                    if (!single.Handled)
                    {
                        return new BatchOutcome(indexed, indexed > 0, single.Error);
                    }
                }
                return new BatchOutcome(indexed, true, null);
            }
            if (batch.Count == 1 && batch[0].Attempts + 1 >= _options.MaxIndexAttempts && !IndexFailures.IsOutage(ex) && await IndexIsHealthyAsync(cancellationToken))
            {
                await HandleRefusedAsync(batch, new Dictionary<string, string> { [batch[0].Article.Id] = ex.Message }, cancellationToken, force: true);
                return new BatchOutcome(0, true, null);
            }
            return new BatchOutcome(0, false, ex.Message);
        }
    }

    private async Task<bool> IndexIsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await index.CountAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Articles the index refused: kept for another try, or dead-lettered after too many.</summary>
    private async Task HandleRefusedAsync(IReadOnlyList<JournalEntry> refused, Dictionary<string, string> errors, CancellationToken cancellationToken, bool force = false)
    {
        var giveUp = refused.Where(e => force || e.Attempts + 1 >= _options.MaxIndexAttempts).ToList();
        var retry = refused.Except(giveUp).ToList();
        foreach (var entry in retry)
        {
            Log.ItemFailed(logger, entry.Article.Id, errors[entry.Article.Id]);
        }
        if (retry.Count > 0)
        {
            await journal.RecordFailureAsync(retry, string.Join("; ", retry.Select(e => errors[e.Article.Id]).Distinct()), cancellationToken);
        }
        if (giveUp.Count == 0)
        {
            return;
        }
        Directory.CreateDirectory(paths.DeadLetter);
        var file = Path.Combine(paths.DeadLetter, "journal.ndjson");
        await using (var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            foreach (var entry in giveUp)
            {
                var error = errors[entry.Article.Id];
                Log.DeadLettered(logger, entry.Article.Id, entry.Article.Origin, entry.Attempts + 1, error);
                var line = JsonSerializer.SerializeToUtf8Bytes(new DeadLetter(entry.Article.Id, error, entry.Attempts + 1, time.GetUtcNow(), entry.Article), IngestorJson.Compact);
                await stream.WriteAsync(line, cancellationToken);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }
            await stream.FlushAsync(cancellationToken);
        }
        await journal.CompleteAsync(giveUp, cancellationToken, markKnown: false);
    }

    public void Dispose() => _drainLock.Dispose();

    private sealed record DeadLetter(string Id, string Error, int Attempts, DateTimeOffset At, Article Article);
}
