using System.Text;
using Ingestor.Collect.Feeds;
using Ingestor.Tests.Collect.Http;
using Microsoft.AspNetCore.Http;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>The poller against a real local server: conditional GET, redirects, seen items, backoff, file: feeds.</summary>
public sealed class FeedPollerTests
{
    [Fact]
    public async Task Poll_TwiceWithETag_SecondIs304AndNothingIngestedTwice()
    {
        await using var server = await TestWebServer.StartAsync();
        var feed = TestFeeds.WithContent("etag", 3);
        server.Map("/feed", async context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.Headers.ETag = "\"v1\"";
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(feed);
        });
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("etag", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("etag"));
        var first = await harness.StateAsync("etag");
        Assert.Equal(3, first.ItemsLastPoll);
        Assert.Equal("\"v1\"", first.ETag);

        Assert.Equal(PollOutcome.NotModified, await harness.PollAsync("etag"));
        Assert.Equal("\"v1\"", server.Requests.Where(r => r.Path == "/feed").Last().Headers["If-None-Match"]);
        var second = await harness.StateAsync("etag");
        Assert.Equal(0, second.ItemsLastPoll);
        Assert.NotNull(second.LastSuccess);
        Assert.Equal(3, (await harness.JournaledAsync()).Count(a => a.Source == "etag"));
    }

    [Fact]
    public async Task Poll_LastModifiedOnly_SendsIfModifiedSinceAndSameItemsAreNotResubmitted()
    {
        await using var server = await TestWebServer.StartAsync();
        var feed = TestFeeds.WithContent("lm", 2);
        server.Map("/feed", async context =>
        {
            context.Response.Headers.LastModified = "Mon, 01 Jun 2026 08:00:00 GMT";
            context.Response.ContentType = "application/rss+xml";
            // This server ignores If-Modified-Since: the seen-item store must stop re-ingestion on its own.
            await context.Response.WriteAsync(feed);
        });
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("lm", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("lm"));
        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("lm"));

        Assert.Equal("Mon, 01 Jun 2026 08:00:00 GMT", server.Requests.Where(r => r.Path == "/feed").Last().Headers["If-Modified-Since"]);
        Assert.Equal(0, (await harness.StateAsync("lm")).ItemsLastPoll);
        Assert.Equal(2, await harness.Store.SeenCountAsync("lm", CancellationToken.None));
        Assert.Equal(2, (await harness.JournaledAsync()).Count(a => a.Source == "lm"));
    }

    [Fact]
    public async Task Poll_NewItemAppears_OnlyTheNewItemIsIngested()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.WithContent("grow", 2));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("grow", server.Url("/feed"))]);
        await harness.PollAsync("grow");

        server.MapText("/feed", TestFeeds.WithContent("grow", 3));
        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("grow"));

        Assert.Equal(1, (await harness.StateAsync("grow")).ItemsLastPoll);
        Assert.Equal(3, (await harness.JournaledAsync()).Count(a => a.Source == "grow"));
    }

    [Fact]
    public async Task Poll_MaxItems_TakesOnlyTheFirstItems()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.WithContent("many", 6));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("many", server.Url("/feed")) { MaxItems = 4 }]);

        await harness.PollAsync("many");

        Assert.Equal(4, (await harness.StateAsync("many")).ItemsLastPoll);
    }

    [Fact]
    public async Task Poll_TrackingParametersInLinks_ItemsWithoutGuidAreKeyedByCanonicalLink()
    {
        await using var server = await TestWebServer.StartAsync();
        const string First = """<rss version="2.0"><channel><title>t</title><item><title>Ferry timetable changes</title><link>http://news.test/ferry?utm_source=rss&amp;fbclid=abc#top</link><description>The ferry timetable changes next month.</description></item></channel></rss>""";
        const string Second = """<rss version="2.0"><channel><title>t</title><item><title>Ferry timetable changes</title><link>http://news.test/ferry?utm_medium=feed</link><description>The ferry timetable changes next month.</description></item></channel></rss>""";
        server.MapText("/feed", First);
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("canon", server.Url("/feed"))],
            new Dictionary<string, string?> { ["Feeds:FullTextMinChars"] = "0" });
        await harness.PollAsync("canon");
        server.MapText("/feed", Second);

        await harness.PollAsync("canon");

        Assert.Equal(0, (await harness.StateAsync("canon")).ItemsLastPoll);
        Assert.Equal(1, await harness.Store.SeenCountAsync("canon", CancellationToken.None));
    }

    [Fact]
    public async Task Poll_RedirectChain_FollowsAndIngests()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapRedirect("/old", "/older", 301).MapRedirect("/older", server.Url("/feed").AbsoluteUri, 307);
        server.MapText("/feed", TestFeeds.WithContent("moved", 1));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("moved", server.Url("/old"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("moved"));
        Assert.Equal(1, (await harness.StateAsync("moved")).ItemsLastPoll);
    }

    [Fact]
    public async Task Poll_RedirectLoop_FailsNamingTheLoop()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapRedirect("/a", "/b").MapRedirect("/b", "/a");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("loop", server.Url("/a"))]);

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("loop"));

        Assert.Contains("redirect loop", (await harness.StateAsync("loop")).LastError, StringComparison.Ordinal);
        Assert.True(server.Count("/a") <= 2);
        await harness.AssertHealthyFeedStillWorksAsync();
    }

    [Fact]
    public async Task Poll_SixRedirects_FailsAfterFive()
    {
        await using var server = await TestWebServer.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            server.MapRedirect($"/r{i}", $"/r{i + 1}");
        }
        server.MapText("/r6", TestFeeds.WithContent("far", 1));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("far", server.Url("/r0"))]);

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("far"));

        Assert.Contains("more than 5 redirects", (await harness.StateAsync("far")).LastError, StringComparison.Ordinal);
        Assert.Equal(0, server.Count("/r6"));
    }

    [Fact]
    public async Task Poll_ConsecutiveFailures_BackOffGraduallyAndResetOnSuccess()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", "oops", "text/plain", status: 500);
        var clock = new ManualClock();
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("flaky", server.Url("/feed")) { Interval = "10m" }],
            new Dictionary<string, string?> { ["Feeds:MaxBackoff"] = "01:00:00", ["Fetch:Retries"] = "0" }, clock);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PollOutcome.Failed, await harness.PollAsync("flaky", force: false));
            var state = await harness.StateAsync("flaky");
            Assert.Equal(i + 1, state.ConsecutiveFailures);
            waits.Add(state.NextPoll!.Value - state.LastPoll!.Value);
            // Polled again before its time, the feed waits without a request.
            var requests = server.Count("/feed");
            Assert.Equal(PollOutcome.BackingOff, await harness.PollAsync("flaky", force: false));
            Assert.Equal(requests, server.Count("/feed"));
            clock.Advance(waits[^1]);
        }

        Assert.Equal(TimeSpan.FromMinutes(10), waits[0]);
        Assert.InRange(waits[1].TotalMinutes, 18, 22);
        Assert.InRange(waits[2].TotalMinutes, 36, 44);
        Assert.InRange(waits[3].TotalMinutes, 54, 66);
        Assert.InRange(waits[4].TotalMinutes, 54, 66);

        server.MapText("/feed", TestFeeds.WithContent("flaky", 1));
        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("flaky", force: false));
        var recovered = await harness.StateAsync("flaky");
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Contains("HTTP 500", recovered.LastError, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(10), recovered.NextPoll!.Value - recovered.LastPoll!.Value);
    }

    [Fact]
    public async Task Poll_FileUrl_IngestsThenSkipsTheUnchangedFile()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("desk.xml");
        await File.WriteAllTextAsync(path, TestFeeds.WithContent("file", 2), Encoding.UTF8);
        await using var server = await TestWebServer.StartAsync();
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("file", new Uri(path))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("file"));
        Assert.Equal(PollOutcome.NotModified, await harness.PollAsync("file"));

        Assert.Equal(2, (await harness.JournaledAsync()).Count(a => a.Source == "file"));
    }

    [Fact]
    public async Task Poll_MissingFile_FailsNamingTheFile()
    {
        using var folder = new TempFolder();
        await using var server = await TestWebServer.StartAsync();
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("gone", new Uri(folder.Combine("nope.xml")))]);

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("gone"));

        Assert.Contains("nope.xml", (await harness.StateAsync("gone")).LastError, StringComparison.Ordinal);
        await harness.AssertHealthyFeedStillWorksAsync();
    }
}

/// <summary>A clock moved by hand (timers still run in real time): for backoff arithmetic.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>Items are marked seen (and the feed's validators kept) only once the journal holds them.</summary>
public sealed class FeedDurabilityTests
{
    [Fact]
    public async Task Poll_PipelineStoppedMidPoll_NothingMarkedSeenAndETagNotKept()
    {
        await using var server = await TestWebServer.StartAsync();
        server.Map("/feed", async context =>
        {
            context.Response.Headers.ETag = "\"v1\"";
            await context.Response.WriteAsync(TestFeeds.WithContent("durable", 2));
        });
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("durable", server.Url("/feed"))]);
        await harness.Get<Ingestor.Pipeline.IngestionPipeline>().StopAsync(CancellationToken.None);

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("durable"));

        // Shutdown is not the feed's failure: no state is written, so the next start polls it afresh.
        Assert.Null(await harness.Store.GetAsync("durable", CancellationToken.None));
        Assert.Equal(0, await harness.Store.SeenCountAsync("durable", CancellationToken.None));
    }
}
