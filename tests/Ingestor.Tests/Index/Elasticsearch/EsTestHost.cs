using Ingestor.Index;
using Ingestor.Index.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>The engine as the host wires it (AddElasticsearchIndex), pointed at test servers, with a temporary data folder.</summary>
internal sealed class EsTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EsTestHost(ServiceProvider services, string dataDirectory)
    {
        _services = services;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public ElasticsearchClient Client => _services.GetRequiredService<ElasticsearchClient>();

    public ElasticsearchSearchIndex Index => _services.GetRequiredService<ElasticsearchSearchIndex>();

    public ISearchIndex SearchIndex => _services.GetRequiredService<ISearchIndex>();

    public ElasticsearchAlertIndex Alerts => _services.GetRequiredService<ElasticsearchAlertIndex>();

    public string DeadLetterPath => ElasticsearchDeadLetter.DefaultPath(DataDirectory);

    /// <summary>Fast retries and short backoffs so tests do not wait; <paramref name="configure"/> sets nodes and the rest.</summary>
    public static EsTestHost Create(Action<ElasticsearchOptions> configure, IDictionary<string, string?>? configuration = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "ingestor-es-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddElasticsearchIndex(config, data)
            .PostConfigure<ElasticsearchOptions>(o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(1);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(20);
                o.DeadNodeBackoff = TimeSpan.FromMinutes(1);
                o.RequestTimeout = TimeSpan.FromSeconds(10);
                configure(o);
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new EsTestHost(services, data);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
