using System.Text.Json;
using System.Threading.Channels;
using Ingestor.Articles;

namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// Buffers articles and sends them to an index in batches: when a batch reaches
/// <see cref="ElasticsearchBulkOptions.MaxDocuments"/>, <see cref="ElasticsearchBulkOptions.MaxBytes"/>, or when its
/// oldest article has waited <see cref="ElasticsearchBulkOptions.MaxAge"/>. Writers wait when
/// <see cref="ElasticsearchBulkOptions.Capacity"/> articles are queued. Dispose completes and drains the queue.
/// </summary>
public sealed class ElasticsearchBulkWriter : IAsyncDisposable
{
    private readonly ISearchIndex _index;
    private readonly ElasticsearchBulkOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<IReadOnlyList<IndexItemResult>, CancellationToken, Task>? _onBatch;
    private readonly Channel<Article> _queue;
    private readonly Task _loop;

    public ElasticsearchBulkWriter(
        ISearchIndex index,
        ElasticsearchBulkOptions options,
        TimeProvider timeProvider,
        Func<IReadOnlyList<IndexItemResult>, CancellationToken, Task>? onBatch = null,
        CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        _options = options;
        _timeProvider = timeProvider;
        _onBatch = onBatch;
        _queue = Channel.CreateBounded<Article>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = RunGuardedAsync(stoppingToken);
    }

    /// <summary>Number of batches sent so far.</summary>
    public int BatchesSent { get; private set; }

    /// <summary>Queues an article; waits while the queue is full.</summary>
    public ValueTask WriteAsync(Article article, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(article, cancellationToken);

    private async Task RunGuardedAsync(CancellationToken stopping)
    {
        try
        {
            await RunAsync(stopping);
        }
        catch (Exception ex)
        {
            // Writers must not wait forever on a queue nobody reads: they get the failure instead.
            _queue.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var reader = _queue.Reader;
        var batch = new List<Article>();
        long bytes = 0;
        while (await reader.WaitToReadAsync(stopping))
        {
            // A batch starts with its first article; it leaves when full or when that article is MaxAge old.
            using var age = new CancellationTokenSource(_options.MaxAge, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(age.Token, stopping);
            while (true)
            {
                while (batch.Count < _options.MaxDocuments && bytes < _options.MaxBytes && reader.TryRead(out var article))
                {
                    batch.Add(article);
                    bytes += EstimateBytes(article);
                }
                if (batch.Count >= _options.MaxDocuments || bytes >= _options.MaxBytes)
                {
                    break;
                }
                try
                {
                    if (!await reader.WaitToReadAsync(linked.Token))
                    {
                        break; // completed: send what we have
                    }
                }
                catch (OperationCanceledException) when (age.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    break; // the batch is old enough
                }
            }
            await SendAsync(batch, stopping);
            batch = [];
            bytes = 0;
        }
    }

    private async Task SendAsync(List<Article> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var results = await _index.IndexAsync(batch, cancellationToken);
        BatchesSent++;
        if (_onBatch is not null)
        {
            await _onBatch(results, cancellationToken);
        }
    }

    private static long EstimateBytes(Article article) =>
        JsonSerializer.SerializeToUtf8Bytes(ArticleDocument.From(article).ToJson(), ElasticsearchJson.Wire).Length;

    /// <summary>Stops accepting articles, sends everything queued, and waits for it.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    public async ValueTask DisposeAsync() => await CompleteAsync();
}
