using System.Net;
using Ingestor.Collect.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestor.Collect.Feeds;

/// <summary>Registers the feed poller, the fetcher with its politeness and address guard, and their options.</summary>
public static class FeedServiceCollectionExtensions
{
    public const string SourcesKey = "sources";
    public const string FeedsSection = "Feeds";

    /// <summary>Feed settings from section Feeds plus the list under the top-level key sources.</summary>
    public static FeedSourceOptions Bind(IConfiguration configuration)
    {
        var options = new FeedSourceOptions();
        configuration.GetSection(FeedsSection).Bind(options);
        configuration.GetSection(SourcesKey).Bind(options.Sources);
        return options;
    }

    public static IServiceCollection AddFeedCollection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedSourceOptions>()
            .Configure(o =>
            {
                configuration.GetSection(FeedsSection).Bind(o);
                configuration.GetSection(SourcesKey).Bind(o.Sources);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedSourceOptions>, FeedSourceOptionsValidator>();
        services.AddOptions<FetchOptions>().Bind(configuration.GetSection(FetchOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FetchOptions>, FetchOptionsValidator>();

        services.AddSingleton(sp => new AddressGuard(sp.GetRequiredService<IOptions<FetchOptions>>().Value.AllowedNetworks));
        foreach (var (name, guarded) in new[] { (HttpFetcher.TrustedClient, false), (HttpFetcher.GuardedClient, true) })
        {
            services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(sp =>
                {
                    var guard = sp.GetRequiredService<AddressGuard>();
                    var fetch = sp.GetRequiredService<IOptions<FetchOptions>>().Value;
                    return new SocketsHttpHandler
                    {
                        // Redirects are followed by HttpFetcher so every hop passes the guard.
                        AllowAutoRedirect = false,
                        AutomaticDecompression = DecompressionMethods.All,
                        UseCookies = false,
                        ConnectTimeout = fetch.RequestTimeout,
                        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                        ConnectCallback = (context, token) => guard.ConnectAsync(context.DnsEndPoint, guarded, token),
                    };
                })
                .RemoveAllLoggers();
        }
        services.AddSingleton<HostPoliteness>();
        services.AddSingleton<HttpFetcher>();
        services.AddSingleton<RobotsCache>();
        services.AddSingleton<FeedStateStore>();
        services.AddSingleton<FeedMetrics>();
        services.AddSingleton<FeedPoller>();
        services.AddSingleton<FeedHealthReader>();
        return services;
    }
}
