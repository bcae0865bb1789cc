using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>The `ingestor parse-feed` command, run as the real executable.</summary>
public sealed class ParseFeedCommandTests
{
    private static readonly string[] FeedKeys = ["title", "link", "subtitle", "language", "updated", "authors"];
    private static readonly string[] ItemKeys = ["id", "title", "link", "published", "updated", "summary", "content", "authors", "categories", "enclosures"];

    [Fact]
    public async Task ParseFeed_File_PrintsExactlyTheContractShape()
    {
        var (exit, stdout, _) = await RunAsync("parse-feed", FeedFixtures.PathOf("rss2.xml"));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["feed", "items", "errors"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(FeedKeys, root.GetProperty("feed").EnumerateObject().Select(p => p.Name));
        var item = root.GetProperty("items")[0];
        Assert.Equal(ItemKeys, item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-01T18:30:00Z", item.GetProperty("published").GetString());
        Assert.Equal(["name", "email", "uri"], item.GetProperty("authors")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["url", "type", "length"], item.GetProperty("enclosures")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ParseFeed_UrlAndContentTypeOptions_SetBaseAndCharset()
    {
        var path = Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.xml");
        await File.WriteAllBytesAsync(path, System.Text.Encoding.Latin1.GetBytes("<rss><channel><title>Gr\u00fc\u00dfe</title><link>/home</link></channel></rss>"));
        try
        {
            var (exit, stdout, _) = await RunAsync("parse-feed", path, "--url", "http://base.example/feeds/x.xml", "--content-type", "text/xml; charset=iso-8859-1");

            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal("Grüße", json.RootElement.GetProperty("feed").GetProperty("title").GetString());
            Assert.Equal("http://base.example/home", json.RootElement.GetProperty("feed").GetProperty("link").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ParseFeed_BrokenFeed_PrintsWhatWasReadWithErrors()
    {
        var (exit, stdout, _) = await RunAsync("parse-feed", FeedFixtures.PathOf("truncated.xml"));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2, json.RootElement.GetProperty("items").GetArrayLength());
        Assert.NotEqual(0, json.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task ParseFeed_MissingFile_FailsWithOneLineAndExit2()
    {
        var (exit, stdout, stderr) = await RunAsync("parse-feed", "/nonexistent/feed.xml");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("ingestor:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseFeed_NotAFeed_FailsWithExit2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"page-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, "<html><body>Hello</body></html>");
        try
        {
            var (exit, _, stderr) = await RunAsync("parse-feed", path);

            Assert.Equal(2, exit);
            Assert.Contains("not a feed", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ParseFeed_HttpUrl_FollowsRedirectAndUsesHeaders()
    {
        await using var server = await FeedServer.StartAsync();

        var (exit, stdout, stderr) = await RunAsync("parse-feed", server.Address + "old-feed");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var feed = json.RootElement.GetProperty("feed");
        Assert.Equal("Grüße vom Server", feed.GetProperty("title").GetString());
        Assert.Equal(server.Address + "feeds/page.html", feed.GetProperty("link").GetString());
    }

    [Fact]
    public async Task ParseFeed_HttpError_FailsWithExit2()
    {
        await using var server = await FeedServer.StartAsync();

        var (exit, _, stderr) = await RunAsync("parse-feed", server.Address + "missing");

        Assert.Equal(2, exit);
        Assert.Contains("404", stderr, StringComparison.Ordinal);
    }

    private static Task<ProcessOutput> RunAsync(params string[] args) => ProcessRunner.IngestorAsync(args);

    /// <summary>A real Kestrel server on 127.0.0.1: a redirect to a latin-1 feed declared by its Content-Type charset.</summary>
    private sealed class FeedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FeedServer(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public static async Task<FeedServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/old-feed", () => Results.Redirect("/feeds/rss.xml"));
            app.MapGet("/feeds/rss.xml", () => Results.Bytes(
                System.Text.Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>Gr\u00fc\u00dfe vom Server</title><link>page.html</link></channel></rss>"),
                "application/rss+xml; charset=iso-8859-1"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new FeedServer(app, address.TrimEnd('/') + "/");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
