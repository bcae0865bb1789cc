using Ingestor.Index;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>
/// The conformance suite every engine passes, run against a live Elasticsearch when ELASTICSEARCH_URL is set
/// (skipped with the reason and the way to run it otherwise). Each test gets its own index prefix, dropped afterwards.
/// </summary>
public sealed class ElasticsearchConformanceTests : SearchIndexConformance, IAsyncLifetime
{
    private readonly LiveElasticsearch _live = new();

    protected override async Task<ISearchIndex> CreateEmptyIndexAsync(CancellationToken cancellationToken) =>
        (await _live.CreateAsync(cancellationToken)).Index;

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => _live.CleanUpAsync();
}
