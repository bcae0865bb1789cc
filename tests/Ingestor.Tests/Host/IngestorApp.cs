using System.Net.Http.Json;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Host;

/// <summary>
/// The real `ingestor run` host (worker and API) on Kestrel at 127.0.0.1 with a temp data folder,
/// the shipped configuration and the embedded SQLite index.
/// </summary>
internal sealed class IngestorApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IngestorApp(WebApplication app, IngestorPaths paths, HttpClient client)
    {
        _app = app;
        Paths = paths;
        Client = client;
    }

    public IngestorPaths Paths { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<IngestorApp> StartAsync(string dataDirectory, HostRole role = HostRole.All, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var paths = new IngestorPaths(dataDirectory, TestFiles.ConfigDirectory);
        var merged = new Dictionary<string, string?>
        {
            ["Inbox:SettleTime"] = "00:00:00.100",
            ["Pipeline:IndexBatchDelay"] = "00:00:00.010",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        var app = IngestorHost.Build(paths, role, "http://127.0.0.1:0", configureServices, merged);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IngestorApp(app, paths, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task<T> GetJsonAsync<T>(string path) =>
        (await Client.GetFromJsonAsync<T>(path, IngestorJson.Compact))!;

    /// <summary>Polls until the condition holds (the pipeline runs asynchronously) or the timeout passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
