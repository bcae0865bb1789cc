using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Enrich;

/// <summary>
/// The batch stages as the worker wires them (real DI, a state database in a temp folder), driven
/// the way <see cref="IndexDrainer"/> drives them: prepare every stage in order, then commit.
/// </summary>
internal sealed class StageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public StageHarness(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddIngestorCore(configuration, new IngestorPaths(dataDirectory, TestFiles.ConfigDirectory));
        _provider = services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public IReadOnlyList<IBatchStage> Stages => _provider.GetServices<IBatchStage>().ToList();

    public T Stage<T>() where T : IBatchStage => Stages.OfType<T>().Single();

    /// <summary>Runs every stage over the batches in order, committing each; returns the articles as indexed.</summary>
    public async Task<List<Article>> RunAsync(IEnumerable<Article> articles, int batchSize = 64, ArticleChange change = ArticleChange.New)
    {
        var output = new List<Article>();
        foreach (var chunk in articles.Chunk(batchSize))
        {
            IReadOnlyList<IndexedArticle> batch = chunk.Select(a => new IndexedArticle(a, change)).ToList();
            foreach (var stage in Stages)
            {
                batch = await stage.PrepareAsync(batch, CancellationToken.None);
            }
            foreach (var stage in Stages)
            {
                await stage.CommitAsync(batch, CancellationToken.None);
            }
            output.AddRange(batch.Select(b => b.Article));
        }
        return output;
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
