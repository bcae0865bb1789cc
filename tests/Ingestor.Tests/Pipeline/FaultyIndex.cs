using Ingestor.Articles;
using Ingestor.Index;

namespace Ingestor.Tests.Pipeline;

/// <summary>
/// The real index behind a switch: while a fault is set, writes (and, if asked, reads) throw it, the way
/// an engine that is down, out of disk or rejecting everything does. Clearing it lets the real index answer.
/// </summary>
internal sealed class FaultyIndex(ISearchIndex inner) : ISearchIndex
{
    private volatile Exception? _writeFault;
    private volatile Exception? _readFault;
    private volatile ArticleFault? _articleFault;
    private int _failedWrites;

    public string Engine => inner.Engine;

    public int FailedWrites => Volatile.Read(ref _failedWrites);

    public void FailWrites(Exception fault) => _writeFault = fault;

    public void FailReads(Exception fault) => _readFault = fault;

    /// <summary>Any batch holding an article that matches throws: one poison article, not an index outage.</summary>
    public void FailBatchesHolding(Func<Article, bool> poison, Exception fault) => _articleFault = new ArticleFault(poison, fault);

    public void Heal()
    {
        _writeFault = null;
        _readFault = null;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<IndexItemResult>> IndexAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        var fault = _writeFault ?? (_articleFault is { } poison && articles.Any(poison.Poison) ? poison.Fault : null);
        if (fault is not null)
        {
            Interlocked.Increment(ref _failedWrites);
            return Task.FromException<IReadOnlyList<IndexItemResult>>(fault);
        }
        return inner.IndexAsync(articles, cancellationToken);
    }

    public Task<Article?> GetAsync(string id, CancellationToken cancellationToken) => Read() ?? inner.GetAsync(id, cancellationToken);

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        _readFault is { } fault ? Task.FromException<SearchResult>(fault) : inner.SearchAsync(request, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        _writeFault is { } fault ? Task.FromException<bool>(fault) : inner.DeleteAsync(id, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        _readFault is { } fault ? Task.FromException<long>(fault) : inner.CountAsync(cancellationToken);

    private Task<Article?>? Read() => _readFault is { } fault ? Task.FromException<Article?>(fault) : null;

    private sealed record ArticleFault(Func<Article, bool> Poison, Exception Fault);
}
