using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>
/// A real cluster for the live tests, from ELASTICSEARCH_URL (several URLs: comma-separated) and optionally
/// ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD, ELASTICSEARCH_CA_CERT or
/// ELASTICSEARCH_FINGERPRINT. Each index gets a unique prefix and is dropped afterwards.
/// </summary>
internal sealed class LiveElasticsearch
{
    public const string SkipReason =
        "ELASTICSEARCH_URL is not set, so the Elasticsearch engine's live tests are skipped. To run them: " +
        "`cp .env.example .env && docker compose up -d elasticsearch`, then " +
        "ELASTICSEARCH_URL=http://localhost:9200 ELASTICSEARCH_USERNAME=elastic ELASTICSEARCH_PASSWORD=<ELASTIC_PASSWORD> dotnet test";

    private readonly List<EsTestHost> _hosts = [];

    public static string? Url => Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");

    /// <summary>A fresh engine on the live cluster with its own prefix; skips the test when no cluster is configured.</summary>
    public async Task<EsTestHost> CreateAsync(CancellationToken cancellationToken, Action<ElasticsearchOptions>? configure = null)
    {
        Skip.If(string.IsNullOrWhiteSpace(Url), SkipReason);
        var id = Guid.NewGuid().ToString("N")[..12];
        var host = EsTestHost.Create(o =>
        {
            o.Nodes = Url!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            o.ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY");
            o.Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME");
            o.Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD");
            o.CaCertificate = Environment.GetEnvironmentVariable("ELASTICSEARCH_CA_CERT");
            o.CertificateFingerprint = Environment.GetEnvironmentVariable("ELASTICSEARCH_FINGERPRINT");
            o.IndexPrefix = "ingestor-test-" + id;
            o.AlertsIndex = "ingestor-test-alerts-" + id;
            o.RefreshPolicy = "wait_for";
            o.RetryDelay = TimeSpan.FromMilliseconds(200);
            o.MaxRetryDelay = TimeSpan.FromSeconds(2);
            o.RequestTimeout = TimeSpan.FromSeconds(60);
            configure?.Invoke(o);
        });
        _hosts.Add(host);
        await host.Index.InitializeAsync(cancellationToken);
        return host;
    }

    /// <summary>Drops what the tests created and disposes the hosts (call from IAsyncLifetime.DisposeAsync).</summary>
    public async Task CleanUpAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.Index.DropAsync(CancellationToken.None);
                await host.Client.DeleteIndexAsync(host.Index.Options.AlertsIndex, CancellationToken.None);
            }
            finally
            {
                await host.DisposeAsync();
            }
        }
    }
}
