using Ingestor.Index.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestor.Tests.Index.Elasticsearch;

public sealed class ElasticsearchOptionsTests
{
    private static ElasticsearchOptions Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().ReadElasticsearchOptionsUnvalidated();

    [Fact]
    public void Problems_Defaults_None()
    {
        Assert.Empty(ElasticsearchOptionsValidator.Problems(new ElasticsearchOptions()));
        Assert.Equal([new Uri("http://localhost:9200/")], new ElasticsearchOptions().NodeUris());
    }

    [Fact]
    public void Problems_EverythingWrong_ReportsEveryKey()
    {
        var options = new ElasticsearchOptions
        {
            Nodes = ["ftp://x", "", "http://user:pw@h:9200", "https://ok:9200/?a=b"],
            ApiKey = "key",
            Username = "elastic",
            Password = null,
            CaCertificate = "/nope/ca.crt",
            CertificateFingerprint = "12:34",
            IndexPrefix = "Ingestor*",
            AlertsIndex = "_alerts",
            RefreshPolicy = "sometimes",
            NumberOfShards = 0,
            NumberOfReplicas = -1,
            MaxResultWindow = 10,
            Bulk = new ElasticsearchBulkOptions { MaxDocuments = 0, MaxBytes = 10, MaxAge = TimeSpan.Zero, MaxRetries = -1, Capacity = 0 },
            RequestTimeout = TimeSpan.Zero,
            MaxRetries = 11,
            RetryDelay = TimeSpan.FromSeconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };

        var problems = ElasticsearchOptionsValidator.Problems(options);

        foreach (var key in new[]
        {
            "Elasticsearch:Nodes:0", "Elasticsearch:Nodes:1", "Elasticsearch:Nodes:2", "Elasticsearch:Nodes:3",
            "Elasticsearch:ApiKey and Elasticsearch:Username", "Elasticsearch:Password", "Elasticsearch:CaCertificate and",
            "Elasticsearch:CaCertificate: file", "Elasticsearch:CertificateFingerprint:", "Elasticsearch:IndexPrefix",
            "Elasticsearch:AlertsIndex", "Elasticsearch:RefreshPolicy", "Elasticsearch:NumberOfShards",
            "Elasticsearch:NumberOfReplicas", "Elasticsearch:MaxResultWindow", "Elasticsearch:Bulk:MaxDocuments",
            "Elasticsearch:Bulk:MaxBytes", "Elasticsearch:Bulk:MaxAge", "Elasticsearch:Bulk:MaxRetries", "Elasticsearch:Bulk:Capacity",
            "Elasticsearch:RequestTimeout", "Elasticsearch:MaxRetries", "Elasticsearch:MaxRetryDelay",
        })
        {
            Assert.True(problems.Any(p => p.StartsWith(key, StringComparison.Ordinal)), $"no problem names {key}: {string.Join(" | ", problems)}");
        }
    }

    [Fact]
    public void Problems_TlsOnlyForHttps_IsReported()
    {
        var problems = ElasticsearchOptionsValidator.Problems(new ElasticsearchOptions
        {
            Nodes = ["http://es:9200"],
            CertificateFingerprint = new string('a', 64),
        });

        Assert.Contains(problems, p => p.Contains("only used for https nodes", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_AlertsIndexInsideArticlePattern_IsReported()
    {
        var problems = ElasticsearchOptionsValidator.Problems(new ElasticsearchOptions { AlertsIndex = "ingestor-articles-alerts" });

        Assert.Contains(problems, p => p.StartsWith("Elasticsearch:AlertsIndex", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_ConfigurationKeys_FillTypedOptions()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Elasticsearch:Nodes:0"] = "https://es1:9200",
            ["Elasticsearch:Nodes:1"] = "https://es2:9200",
            ["Elasticsearch:Username"] = "elastic",
            ["Elasticsearch:Password"] = "secret",
            ["Elasticsearch:IndexPrefix"] = "news",
            ["Elasticsearch:RefreshPolicy"] = "false",
            ["Elasticsearch:Bulk:MaxDocuments"] = "250",
            ["Elasticsearch:Bulk:MaxAge"] = "00:00:05",
            ["Elasticsearch:RequestTimeout"] = "00:01:00",
        });

        Assert.Equal(["https://es1:9200", "https://es2:9200"], options.Nodes);
        Assert.Equal(ElasticsearchRefresh.False, options.Refresh);
        Assert.Equal(250, options.Bulk.MaxDocuments);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Bulk.MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RequestTimeout);
        Assert.Equal(("news", "news-write", "news-v3"), (options.ReadAlias, options.WriteAlias, options.VersionedIndex(3)));
    }

    [Fact]
    public async Task AddElasticsearchIndex_InvalidConfiguration_FailsWhenOptionsAreRead()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Elasticsearch:Nodes:0"] = "not a url",
            ["Elasticsearch:RefreshPolicy"] = "sometimes",
        }).Build();
        await using var services = new ServiceCollection().AddElasticsearchIndex(configuration, Path.GetTempPath()).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ElasticsearchOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith("Elasticsearch:Nodes:0", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Elasticsearch:RefreshPolicy", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadElasticsearchOptions_Invalid_ThrowsWithEveryFailure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Elasticsearch:IndexPrefix"] = "UPPER",
            ["Elasticsearch:NumberOfShards"] = "0",
        }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => configuration.ReadElasticsearchOptions());

        Assert.Equal(2, ex.Failures.Count());
    }
}

internal static class ElasticsearchOptionsTestExtensions
{
    public static ElasticsearchOptions ReadElasticsearchOptionsUnvalidated(this IConfiguration configuration)
    {
        var options = new ElasticsearchOptions();
        configuration.GetSection(ElasticsearchOptions.SectionName).Bind(options);
        return options;
    }
}
