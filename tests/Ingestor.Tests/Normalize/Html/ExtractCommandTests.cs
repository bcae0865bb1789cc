using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Normalize.Html;

/// <summary>Runs the real `ingestor extract` executable on files and on a page served by a local Kestrel server.</summary>
public sealed class ExtractCommandTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "html", "news-boilerplate.html");

    [Fact]
    public async Task Extract_HtmlFile_PrintsArticleJson()
    {
        var (exitCode, stdout, stderr) = await RunAsync("extract", FixturePath, "--url", "https://gazette.example/news/harbour-bridge-reopens");

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("Harbour bridge reopens after two-year repair", root.GetProperty("title").GetString());
        Assert.StartsWith("RIVERSIDE — The harbour bridge", root.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://gazette.example/news/harbour-bridge-reopens", root.GetProperty("canonical_url").GetString());
        Assert.Equal("https://gazette.example/news/harbour-bridge-reopens", root.GetProperty("url").GetString());
        Assert.Equal("html-meta", root.GetProperty("published_source").GetString());
        Assert.Equal("2024-03-05T07:30:00Z", root.GetProperty("published").GetString());
        // Enriched like every article: the byline's reporter is a person.
        Assert.Contains(root.GetProperty("entities").EnumerateArray(), e => e.GetProperty("name").GetString() == "Priya Nair" && e.GetProperty("type").GetString() == "PERSON");
        Assert.Equal(
            ["id", "title", "body", "lead", "headings", "dateline", "url", "canonical_url", "source", "authors", "published",
             "published_source", "language", "word_count", "content_hash", "removed_boilerplate", "entities"],
            root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Extract_Url_FetchesPageAndDecodesHttpCharset()
    {
        var page = HtmlArticleExtractorTests.Fixture("opengraph-only.html")
            .Replace("The city council approved", "The caf\u00e9 council approved", StringComparison.Ordinal)
            .Replace("charset=utf-8", "charset=utf-8-wrong", StringComparison.Ordinal);
        await using var server = await PageServer.StartAsync(CodePages.Windows1252.GetBytes(page), "text/html; charset=windows-1252");

        var (exitCode, stdout, stderr) = await RunAsync("extract", server.Url + "story");

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.StartsWith("The caf\u00e9 council approved", json.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(server.Url + "story", json.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Extract_UrlNotFound_ExitsWithOneLineError()
    {
        await using var server = await PageServer.StartAsync("<p>x</p>"u8.ToArray(), "text/html");

        var (exitCode, _, stderr) = await RunAsync("extract", server.Url + "missing");

        Assert.Equal(2, exitCode);
        Assert.Contains("404", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Extract_MissingFile_ExitsWithOneLineError()
    {
        var (exitCode, stdout, stderr) = await RunAsync("extract", Path.Combine(Path.GetTempPath(), "no-such-page-" + Guid.NewGuid() + ".html"));

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("file not found", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Extract_PageWithoutText_ExitsWithReason()
    {
        var path = Path.Combine(Path.GetTempPath(), "empty-page-" + Guid.NewGuid() + ".html");
        await File.WriteAllTextAsync(path, "<html><body><nav><a href='/'>Home</a></nav></body></html>");
        try
        {
            var (exitCode, _, stderr) = await RunAsync("extract", path);

            Assert.Equal(2, exitCode);
            Assert.Contains("No article text", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Extract_RelativeUrlOption_IsRejected()
    {
        var (exitCode, _, stderr) = await RunAsync("extract", FixturePath, "--url", "/news/story");

        Assert.Equal(2, exitCode);
        Assert.Contains("--url", stderr, StringComparison.Ordinal);
    }

    private static Task<ProcessOutput> RunAsync(params string[] args) => ProcessRunner.IngestorAsync(args);

    /// <summary>A Kestrel server on 127.0.0.1 serving one page at /story (everything else is 404).</summary>
    private sealed class PageServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private PageServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<PageServer> StartAsync(byte[] body, string contentType)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/story", () => Results.Bytes(body, contentType));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new PageServer(app, address.TrimEnd('/') + "/");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
