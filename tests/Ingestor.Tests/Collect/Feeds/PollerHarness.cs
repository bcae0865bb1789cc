using System.Globalization;
using Ingestor.Articles;
using Ingestor.Collect.Feeds;
using Ingestor.Collect.Http;
using Ingestor.Configuration;
using Ingestor.Index.Sqlite;
using Ingestor.Pipeline;
using Ingestor.Tests.Collect.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>A feed to configure: sources:N keys.</summary>
internal sealed record TestSource(string Name, Uri Url)
{
    public bool FullText { get; init; }
    public int MaxItems { get; init; } = 50;
    public string Interval { get; init; } = "1h";
}

/// <summary>
/// The worker's feed services as the host wires them (real DI, pipeline and journal in a temp folder) with
/// small timeouts and no politeness delay, so fault tests run in well under a second each. A healthy feed
/// ("healthy", at /healthy on the test server) is always configured: after any fault it must still poll.
/// </summary>
internal sealed class PollerHarness : IAsyncDisposable
{
    public const string Healthy = "healthy";

    private readonly ServiceProvider _provider;
    private readonly TempFolder _folder;
    private readonly TestWebServer _server;

    private PollerHarness(ServiceProvider provider, TempFolder folder, TestWebServer server)
    {
        _provider = provider;
        _folder = folder;
        _server = server;
    }

    public static Dictionary<string, string?> FastSettings() => new()
    {
        ["Fetch:RequestTimeout"] = "00:00:05",
        ["Fetch:Retries"] = "1",
        ["Fetch:RetryDelay"] = "00:00:00.010",
        ["Fetch:PerHostDelay"] = "00:00:00",
        ["Fetch:PerHostConcurrency"] = "4",
        ["Fetch:MaxRetryAfterWait"] = "00:00:02",
        ["Fetch:BreakerMinimumThroughput"] = "100",
        ["Fetch:AllowedNetworks:0"] = "127.0.0.1",
        ["Fetch:UserAgent"] = "IngestorTest/1.0 (tests)",
        ["Pipeline:IndexBatchDelay"] = "00:00:00.010",
    };

    public static async Task<PollerHarness> StartAsync(TestWebServer server, IEnumerable<TestSource> sources, IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null)
    {
        server.MapText("/healthy", TestFeeds.WithContent("healthy", 1, server.Url("/").AbsoluteUri));
        var merged = FastSettings();
        var all = sources.Append(new TestSource(Healthy, server.Url("/healthy"))).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"sources:{i}:");
            merged[key + "name"] = all[i].Name;
            merged[key + "url"] = all[i].Url.AbsoluteUri;
            merged[key + "interval"] = all[i].Interval;
            merged[key + "full_text"] = all[i].FullText ? "true" : "false";
            merged[key + "max_items"] = all[i].MaxItems.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        var folder = new TempFolder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddSingleton<IConfiguration>(configuration);
        services.AddIngestorCore(configuration, new IngestorPaths(folder.Path, TestFiles.ConfigDirectory));
        services.AddSqliteSearchIndex(o => o.Path = folder.Combine("index.db"));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
        provider.GetRequiredService<IngestionPipeline>().Start();
        await Task.CompletedTask;
        return new PollerHarness(provider, folder, server);
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public FeedPoller Poller => Get<FeedPoller>();

    public FeedStateStore Store => Get<FeedStateStore>();

    public HttpFetcher Fetcher => Get<HttpFetcher>();

    public async Task<PollOutcome> PollAsync(string name, bool force = true) =>
        await Poller.PollAsync(Poller.Find(name) ?? throw new ArgumentException("no source " + name), CancellationToken.None, force);

    public async Task<FeedState> StateAsync(string name) => (await Store.GetAsync(name, CancellationToken.None))!;

    /// <summary>Articles the journal holds (nothing drains it here), by title.</summary>
    public async Task<List<Article>> JournaledAsync()
    {
        var entries = await Get<ArticleJournal>().PeekAsync(10_000, CancellationToken.None);
        return [.. entries.Select(e => e.Article)];
    }

    /// <summary>The worker is alive: the healthy feed still polls and ingests (once).</summary>
    public async Task AssertHealthyFeedStillWorksAsync()
    {
        var outcome = await PollAsync(Healthy);
        Assert.True(outcome is PollOutcome.Ok, $"the healthy feed should still poll, was {outcome}");
        var state = await StateAsync(Healthy);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Get<IngestionPipeline>().StopAsync(stop.Token);
        await _provider.DisposeAsync();
        _folder.Dispose();
    }
}
