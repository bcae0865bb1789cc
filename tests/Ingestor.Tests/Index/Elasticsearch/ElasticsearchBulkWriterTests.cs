using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

public sealed class ElasticsearchBulkWriterTests
{
    /// <summary>Records the batches it is given.</summary>
    private sealed class RecordingIndex : ISearchIndex
    {
        public List<IReadOnlyList<string>> Batches { get; } = [];
        public TaskCompletionSource FirstBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Engine => "recording";
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<IndexItemResult>> IndexAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
        {
            lock (Batches)
            {
                Batches.Add(articles.Select(a => a.Id).ToList());
            }
            FirstBatch.TrySetResult();
            return Task.FromResult<IReadOnlyList<IndexItemResult>>(articles.Select(a => new IndexItemResult(a.Id, IndexOutcome.Created)).ToList());
        }

        public Task<Article?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<long> CountAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task WriteAsync_FullBatches_AreSentByCount()
    {
        var index = new RecordingIndex();
        var results = new List<IndexItemResult>();
        await using (var writer = new ElasticsearchBulkWriter(index, new ElasticsearchBulkOptions { MaxDocuments = 3, MaxAge = TimeSpan.FromMinutes(5) },
                         TimeProvider.System, (r, _) => { lock (results) { results.AddRange(r); } return Task.CompletedTask; }))
        {
            for (var i = 0; i < 7; i++)
            {
                await writer.WriteAsync(TestArticles.Bare("a" + i), CancellationToken.None);
            }
        }

        Assert.Equal(7, index.Batches.Sum(b => b.Count));
        Assert.All(index.Batches.Take(index.Batches.Count - 1), b => Assert.Equal(3, b.Count));
        Assert.Equal(7, results.Count);
    }

    [Fact]
    public async Task WriteAsync_LargeArticles_AreSentByBytes()
    {
        var index = new RecordingIndex();
        await using (var writer = new ElasticsearchBulkWriter(index, new ElasticsearchBulkOptions { MaxBytes = 2048, MaxAge = TimeSpan.FromMinutes(5) }, TimeProvider.System))
        {
            for (var i = 0; i < 4; i++)
            {
                await writer.WriteAsync(TestArticles.Bare("a" + i, body: new string('x', 1500)), CancellationToken.None);
            }
        }

        Assert.True(index.Batches.Count >= 2, $"{index.Batches.Count} batch(es)");
        Assert.All(index.Batches, b => Assert.InRange(b.Count, 1, 2));
    }

    [Fact]
    public async Task WriteAsync_PartialBatch_IsSentWhenOldEnough()
    {
        var index = new RecordingIndex();
        await using var writer = new ElasticsearchBulkWriter(index, new ElasticsearchBulkOptions { MaxDocuments = 100, MaxAge = TimeSpan.FromMilliseconds(100) }, TimeProvider.System);

        await writer.WriteAsync(TestArticles.Bare("a1"), CancellationToken.None);
        await writer.WriteAsync(TestArticles.Bare("a2"), CancellationToken.None);
        await index.FirstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["a1", "a2"], index.Batches[0]);
        Assert.Equal(1, writer.BatchesSent);
    }
}
