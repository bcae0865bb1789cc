using Ingestor.Collect.Feeds;
using Ingestor.Tests.Collect.Http;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>Full article text from the item link: when it is fetched, what it gives, and the fallback.</summary>
public sealed class FullTextTests
{
    private static TestFeeds.Item SummaryOnly(TestWebServer server, string id, string path) =>
        new(id, $"Tram line {id} extension approved", server.Url(path).AbsoluteUri, "The council approved the tram extension.");

    [Fact]
    public async Task Poll_SummaryOnlyItem_FetchesTheLinkedPageAndExtractsTheArticle()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.Rss("city", SummaryOnly(server, "t1", "/story/tram")));
        server.MapText("/story/tram", TestFeeds.ArticlePage("Tram line extension approved", "FULLTEXT-MARKER"), "text/html; charset=utf-8");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("city", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("city"));

        var article = Assert.Single(await harness.JournaledAsync(), a => a.Source == "city");
        Assert.Contains("FULLTEXT-MARKER", article.Body, StringComparison.Ordinal);
        Assert.Contains("compensation during the works", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright Test News", article.Body, StringComparison.Ordinal);
        // The feed's date fills the gap the page leaves.
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero), article.Published);
        Assert.Equal("IngestorTest/1.0 (tests)", server.Requests.First(r => r.Path == "/story/tram").Headers["User-Agent"]);
    }

    [Fact]
    public async Task Poll_ItemWithFullContent_DoesNotFetchThePage()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.WithContent("rich", 1, server.Url("/").AbsoluteUri));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("rich", server.Url("/feed"))]);

        await harness.PollAsync("rich");

        Assert.Equal(0, server.Count("/rich/1"));
        var article = Assert.Single(await harness.JournaledAsync(), a => a.Source == "rich");
        Assert.Contains("fishing cooperative", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_FullTextTrue_FetchesThePageEvenWithContent()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.WithContent("always", 1, server.Url("/").AbsoluteUri));
        server.MapText("/always/1", TestFeeds.ArticlePage("Always fetched", "PAGE-MARKER"), "text/html");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("always", server.Url("/feed")) { FullText = true }]);

        await harness.PollAsync("always");

        Assert.Equal(1, server.Count("/always/1"));
        Assert.Contains("PAGE-MARKER", Assert.Single(await harness.JournaledAsync(), a => a.Source == "always").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_PageFetchFails_FallsBackToTheFeedSummary()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.Rss("city", SummaryOnly(server, "t2", "/story/broken")));
        server.MapText("/story/broken", "gone wrong", "text/plain", status: 500);
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("city", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("city"));

        var article = Assert.Single(await harness.JournaledAsync(), a => a.Source == "city");
        Assert.Equal("Tram line t2 extension approved", article.Title);
        Assert.Contains("The council approved the tram extension.", article.Body, StringComparison.Ordinal);
        Assert.Equal(0, (await harness.StateAsync("city")).ConsecutiveFailures);
    }

    [Fact]
    public async Task Poll_RobotsDisallowsThePath_PageIsNotFetchedAndRobotsIsReadOnce()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n", "text/plain");
        server.MapText("/feed", TestFeeds.Rss("robots", SummaryOnly(server, "r1", "/private/secret"), SummaryOnly(server, "r2", "/public/open")));
        server.MapText("/private/secret", TestFeeds.ArticlePage("Secret", "SECRET-MARKER"), "text/html");
        server.MapText("/public/open", TestFeeds.ArticlePage("Open", "OPEN-MARKER"), "text/html");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("robots", server.Url("/feed"))]);

        await harness.PollAsync("robots");

        Assert.Equal(0, server.Count("/private/secret"));
        Assert.Equal(1, server.Count("/public/open"));
        Assert.Equal(1, server.Count("/robots.txt"));
        var bodies = (await harness.JournaledAsync()).Where(a => a.Source == "robots").Select(a => a.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Contains(bodies, b => b.Contains("OPEN-MARKER", StringComparison.Ordinal));
        Assert.DoesNotContain(bodies, b => b.Contains("SECRET-MARKER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_ArticleLinkToLoopbackNotAllowed_PageRefusedAndSummaryUsed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.Rss("ssrf", SummaryOnly(server, "s1", "/internal/admin")));
        server.MapText("/internal/admin", TestFeeds.ArticlePage("Admin", "INTERNAL-MARKER"), "text/html");
        // The feed URL is configured (trusted); the article link came from the feed's content (not trusted).
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("ssrf", server.Url("/feed"))],
            new Dictionary<string, string?> { ["Fetch:AllowedNetworks:0"] = null });

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("ssrf"));

        Assert.Equal(0, server.Count("/internal/admin"));
        Assert.Equal(0, server.Count("/robots.txt"));
        var article = Assert.Single(await harness.JournaledAsync(), a => a.Source == "ssrf");
        Assert.DoesNotContain("INTERNAL-MARKER", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_ArticleLinkByNameResolvingToLoopback_IsRefused()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.Rss("named", new TestFeeds.Item("n1", "Named host", server.LocalhostUrl("/story").AbsoluteUri, "Short.")));
        server.MapText("/story", TestFeeds.ArticlePage("Named", "NAMED-MARKER"), "text/html");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("named", server.Url("/feed"))],
            new Dictionary<string, string?> { ["Fetch:AllowedNetworks:0"] = null });

        await harness.PollAsync("named");

        Assert.Equal(0, server.Count("/story"));
    }
}
