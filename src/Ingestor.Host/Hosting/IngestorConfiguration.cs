using Ingestor.Configuration;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;
using Ingestor.Index.Sqlite;

namespace Ingestor.Host.Hosting;

/// <summary>Where configuration comes from, and the one key that picks the index engine.</summary>
internal static class IngestorConfiguration
{
    public const string EngineKey = "Index:Engine";

    /// <summary>ingestor.yaml, then sources.yaml, then INGESTOR_* environment variables (Index__Engine style).</summary>
    public static IConfigurationBuilder AddIngestorConfiguration(this IConfigurationBuilder builder, IngestorPaths paths)
    {
        builder.AddYamlFile(paths.MainConfigFile, optional: true);
        builder.AddYamlFile(paths.SourcesFile, optional: true);
        builder.AddEnvironmentVariables("INGESTOR_");
        return builder;
    }

    public static IConfiguration Load(IngestorPaths paths) =>
        new ConfigurationBuilder().AddIngestorConfiguration(paths).Build();

    /// <summary>Registers the configured engine as <see cref="ISearchIndex"/>.</summary>
    /// <exception cref="InvalidOperationException">The engine key names no engine.</exception>
    public static IServiceCollection AddSearchEngine(this IServiceCollection services, IConfiguration configuration, IngestorPaths paths)
    {
        var engine = configuration[EngineKey]?.Trim().ToLowerInvariant();
        switch (engine)
        {
            case null or "" or "sqlite":
                services.AddSqliteSearchIndex(options =>
                {
                    if (string.IsNullOrWhiteSpace(configuration["Index:Sqlite:Path"]))
                    {
                        options.Path = paths.IndexDatabase;
                    }
                });
                return services;
            case "elasticsearch":
                services.AddElasticsearchIndex(configuration, paths);
                return services;
            default:
                throw new InvalidOperationException($"{EngineKey} must be 'sqlite' or 'elasticsearch' (was '{configuration[EngineKey]}').");
        }
    }
}
