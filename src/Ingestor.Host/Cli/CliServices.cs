using Ingestor.Configuration;
using Ingestor.Host.Hosting;
using Ingestor.Index;
using Ingestor.Pipeline;
using Microsoft.Extensions.Options;

namespace Ingestor.Host.Cli;

/// <summary>The services a one-shot command (ingest, search, status) needs, without the web host.</summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CliServices(ServiceProvider provider, IConfiguration configuration)
    {
        _provider = provider;
        Configuration = configuration;
    }

    public IConfiguration Configuration { get; }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public IServiceProvider Provider => _provider;

    /// <summary>Builds and validates the services; configuration problems become one clear error.</summary>
    public static async Task<CliServices> StartAsync(IngestorPaths paths, CancellationToken cancellationToken, LogLevel logLevel = LogLevel.Warning)
    {
        var configuration = IngestorConfiguration.Load(paths);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel)
            .AddFilter("Microsoft", LogLevel.Warning));
        services.AddIngestorCore(configuration, paths);
        try
        {
            services.AddSearchEngine(configuration, paths);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<ISearchIndex>().InitializeAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            await provider.DisposeAsync();
            throw new CliException("invalid configuration: " + string.Join(" ", ex.Failures));
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
        return new CliServices(provider, configuration);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
