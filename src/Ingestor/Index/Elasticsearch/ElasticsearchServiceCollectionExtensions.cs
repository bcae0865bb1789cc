using Ingestor.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ingestor.Index.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Elasticsearch engine as <see cref="ISearchIndex"/>: options from the <c>Elasticsearch</c>
    /// section (validated at start, every problem named by key), the named HTTP client with the configured TLS
    /// trust, <see cref="ElasticsearchClient"/>, <see cref="ElasticsearchSearchIndex"/> and
    /// <see cref="ElasticsearchAlertIndex"/>. Refused documents go to
    /// <c>&lt;dataDirectory&gt;/dead-letter/elasticsearch.ndjson</c> unless <c>Elasticsearch:DeadLetterPath</c> says otherwise.
    /// </summary>
    /// <param name="configuration">The configuration root (the section is looked up by name).</param>
    /// <param name="dataDirectory">Ingestor's data folder.</param>
    public static IServiceCollection AddElasticsearchIndex(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);

        services.AddOptions<ElasticsearchOptions>()
            .Bind(configuration.GetSection(ElasticsearchOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchOptions>, ElasticsearchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ElasticsearchClient.HttpClientName, client =>
            {
                // Per-attempt timeouts come from the resilience pipeline, which knows which request may take long.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => ElasticsearchTls.CreateHandler(sp.GetRequiredService<IOptions<ElasticsearchOptions>>().Value));

        services.TryAddSingleton<ElasticsearchClient>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ElasticsearchOptions>>().Value;
            return new ElasticsearchDeadLetter(
                options.DeadLetterPath ?? ElasticsearchDeadLetter.DefaultPath(dataDirectory),
                sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ElasticsearchSearchIndex>();
        services.TryAddSingleton<ElasticsearchAlertIndex>();
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<ElasticsearchSearchIndex>());
        services.AddLogging();
        return services;
    }

    /// <summary>
    /// <see cref="AddElasticsearchIndex(IServiceCollection, IConfiguration, string)"/> with Ingestor's folders: refused
    /// documents go to <c>&lt;data&gt;/dead-letter/elasticsearch.ndjson</c>. For engine selection (<c>Index:Engine: elasticsearch</c>).
    /// </summary>
    public static IServiceCollection AddElasticsearchIndex(this IServiceCollection services, IConfiguration configuration, IngestorPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return services.AddElasticsearchIndex(configuration, paths.DataDirectory);
    }

    /// <summary>Typed options read from configuration without a container, validated (for CLI commands).</summary>
    public static ElasticsearchOptions ReadElasticsearchOptions(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ElasticsearchOptions();
        configuration.GetSection(ElasticsearchOptions.SectionName).Bind(options);
        var problems = ElasticsearchOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(ElasticsearchOptions.SectionName, typeof(ElasticsearchOptions), problems);
        }
        return options;
    }
}
