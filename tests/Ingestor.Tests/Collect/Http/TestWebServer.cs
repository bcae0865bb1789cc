using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestor.Tests.Collect.Http;

/// <summary>
/// A real HTTP server on Kestrel at 127.0.0.1 (port 0) for feed and page tests. Each path gets a handler
/// (<see cref="Map"/>, changeable while running); unknown paths answer 404. Every request is recorded.
/// </summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);

    private TestWebServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int Port => Address.Port;

    /// <summary>Requests seen: path and the request headers (copied).</summary>
    public ConcurrentQueue<(string Path, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();

    public Uri Url(string path) => new(Address, path);

    /// <summary>The same server reached by name ("localhost"): another host to breakers and politeness.</summary>
    public Uri LocalhostUrl(string path) => new($"http://localhost:{Port}{path}");

    public int Count(string path) => Requests.Count(r => r.Path == path);

    public TestWebServer Map(string path, RequestDelegate handler)
    {
        _routes[path] = handler;
        return this;
    }

    public TestWebServer MapText(string path, string body, string contentType = "application/rss+xml; charset=utf-8", int status = 200) =>
        Map(path, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body, context.RequestAborted);
        });

    public TestWebServer MapBytes(string path, byte[] body, string contentType, string? contentEncoding = null) =>
        Map(path, async context =>
        {
            context.Response.ContentType = contentType;
            if (contentEncoding is not null)
            {
                context.Response.Headers.ContentEncoding = contentEncoding;
            }
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });

    public TestWebServer MapRedirect(string path, string location, int status = 302) =>
        Map(path, context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    public static async Task<TestWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestWebServer(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server.Requests.Enqueue((path, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (server._routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
