using System.Diagnostics;
using System.Threading.Channels;
using Ingestor.Articles;
using Ingestor.Enrich.Entities;
using Ingestor.Normalize;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Pipeline;

/// <summary>What became of one submitted input.</summary>
public sealed record SubmitResult
{
    /// <summary>Null when at least one article was accepted; else why the whole input was refused.</summary>
    public string? RejectedReason { get; init; }
    /// <summary>Parts of the input that were refused while others were accepted (JSON arrays).</summary>
    public IReadOnlyList<string> PartialRejections { get; init; } = [];
    public IReadOnlyList<(Article Article, ArticleChange Change)> Articles { get; init; } = [];

    public bool IsRejected => RejectedReason is not null;
    public int New => Articles.Count(a => a.Change == ArticleChange.New);
    public int Updated => Articles.Count(a => a.Change == ArticleChange.Updated);
    public int Unchanged => Articles.Count(a => a.Change == ArticleChange.Unchanged);

    public static SubmitResult Rejected(string reason) => new() { RejectedReason = reason };
}

/// <summary>
/// The front of the pipeline: inputs are normalized and enriched in parallel (bounded channel,
/// back-pressure on submitters), then journaled in batches. A submit completes once its articles are
/// durable in the journal, so a collector may acknowledge its input (move the file, mark the item
/// seen) as soon as it returns. Indexing follows asynchronously (<see cref="IndexDrainer"/>).
/// </summary>
public sealed class IngestionPipeline : IAsyncDisposable
{
    private readonly Channel<WorkItem> _normalizeQueue;
    private readonly Channel<AcceptItem> _acceptQueue;
    private readonly EntityEnricher _entities;
    private readonly ArticleJournal _journal;
    private readonly IndexDrainer _drainer;
    private readonly PipelineHealth _health;
    private readonly IngestorMetrics _metrics;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestionPipeline> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _workers = [];

    public IngestionPipeline(EntityEnricher entities, ArticleJournal journal, IndexDrainer drainer, PipelineHealth health,
        IngestorMetrics metrics, IOptions<PipelineOptions> options, TimeProvider time, ILogger<IngestionPipeline> logger)
    {
        _entities = entities;
        _journal = journal;
        _drainer = drainer;
        _health = health;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _normalizeQueue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _acceptQueue = Channel.CreateBounded<AcceptItem>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public void Start()
    {
        var normalizers = Enumerable.Range(0, _options.EffectiveNormalizeConcurrency).Select(_ => Task.Run(NormalizeLoopAsync));
        _workers = [.. normalizers, Task.Run(AcceptLoopAsync)];
    }

    /// <summary>Submits one input; completes when its articles are journaled or it is rejected.</summary>
    public async Task<SubmitResult> SubmitAsync(RawDocument document, CancellationToken cancellationToken)
    {
        var item = new WorkItem(document, new TaskCompletionSource<SubmitResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _normalizeQueue.Writer.WriteAsync(item, cancellationToken);
        return await item.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Normalizes and enriches one input synchronously, without journaling (CLI `normalize`).</summary>
    public NormalizedDocument NormalizeAndEnrich(RawDocument document)
    {
        var normalized = DocumentNormalizer.Normalize(document);
        return normalized with { Articles = normalized.Articles.Select(_entities.Enrich).ToList() };
    }

    private async Task NormalizeLoopAsync()
    {
        await foreach (var item in _normalizeQueue.Reader.ReadAllAsync())
        {
            var started = Stopwatch.GetTimestamp();
            long normalizedAt;
            NormalizedDocument normalized;
            try
            {
                normalized = DocumentNormalizer.Normalize(item.Document);
                normalizedAt = Stopwatch.GetTimestamp();
                normalized = normalized with { Articles = normalized.Articles.Select(_entities.Enrich).ToList() };
            }
            catch (DocumentRejectedException ex)
            {
                Reject(item, ex.Reason);
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug in a stage must not take the pipeline down: the input is quarantined with the error.
                Log.NormalizeFailed(_logger, ex, item.Document.Origin);
                Reject(item, $"Internal error while normalizing: {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            _metrics.StageDuration.Record(Stopwatch.GetElapsedTime(started, normalizedAt).TotalMilliseconds, new KeyValuePair<string, object?>("stage", "normalize"));
            _metrics.StageDuration.Record(Stopwatch.GetElapsedTime(normalizedAt).TotalMilliseconds, new KeyValuePair<string, object?>("stage", "enrich"));
            await _acceptQueue.Writer.WriteAsync(new AcceptItem(item, normalized));
        }
    }

    private void Reject(WorkItem item, string reason)
    {
        Log.Rejected(_logger, item.Document.Origin, reason);
        _metrics.Quarantined.Add(1, new KeyValuePair<string, object?>("source", item.Document.Source ?? "unknown"));
        item.Completion.TrySetResult(SubmitResult.Rejected(reason));
    }

    private async Task AcceptLoopAsync()
    {
        var batch = new List<AcceptItem>();
        var reader = _acceptQueue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.IndexBatchSize && reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                await WaitForJournalRoomAsync();
                await AcceptBatchAsync(batch);
            }
            catch (OperationCanceledException)
            {
                foreach (var item in batch)
                {
                    item.Work.Completion.TrySetCanceled(_stopping.Token);
                }
            }
            catch (Exception ex)
            {
                // The journal could not be written (disk full, database locked too long): nothing was
                // acknowledged, so each submitter sees the failure and keeps its input for a retry.
                foreach (var item in batch)
                {
                    item.Work.Completion.TrySetException(new IOException($"The journal could not be written: {ex.Message}", ex));
                }
            }
        }
    }

    private async Task AcceptBatchAsync(List<AcceptItem> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var articles = batch.SelectMany(b => b.Normalized.Articles).ToList();
        var accepted = await _journal.AcceptAsync(articles, _stopping.Token);
        var offset = 0;
        foreach (var item in batch)
        {
            var count = item.Normalized.Articles.Count;
            var mine = accepted.Skip(offset).Take(count).ToList();
            offset += count;
            var result = new SubmitResult { Articles = mine, PartialRejections = item.Normalized.Rejections };
            foreach (var (article, change) in mine)
            {
                _metrics.Articles.Add(1, new KeyValuePair<string, object?>("outcome", change.ToString().ToLowerInvariant()),
                    new KeyValuePair<string, object?>("source", article.Source));
            }
            Log.Accepted(_logger, count, item.Work.Document.Origin, result.New, result.Updated, result.Unchanged);
            item.Work.Completion.TrySetResult(result);
        }
        _metrics.StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", "accept"));
        if (accepted.Any(a => a.Change != ArticleChange.Unchanged))
        {
            _drainer.Signal();
        }
    }

    /// <summary>Past the journal limit new input waits (is not dropped) until the index catches up.</summary>
    private async Task WaitForJournalRoomAsync()
    {
        var warned = false;
        while (!_stopping.IsCancellationRequested)
        {
            var depth = await _journal.CountAsync(_stopping.Token);
            var full = depth >= _options.JournalLimit;
            _health.SetJournal(depth, full);
            if (!full)
            {
                return;
            }
            if (!warned)
            {
                Log.JournalFull(_logger, depth, _options.JournalLimit);
                warned = true;
            }
            _drainer.Signal();
            await Task.Delay(TimeSpan.FromMilliseconds(500), _time, _stopping.Token);
        }
    }

    /// <summary>Stops taking input and finishes what was submitted (within the token's time).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _normalizeQueue.Writer.TryComplete();
        var normalizers = _workers.Take(_workers.Length - 1).ToArray();
        try
        {
            await Task.WhenAll(normalizers).WaitAsync(cancellationToken);
            _acceptQueue.Writer.TryComplete();
            await Task.WhenAll(_workers).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _normalizeQueue.Writer.TryComplete();
        _acceptQueue.Writer.TryComplete();
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }

    private sealed record WorkItem(RawDocument Document, TaskCompletionSource<SubmitResult> Completion);

    private sealed record AcceptItem(WorkItem Work, NormalizedDocument Normalized);
}
