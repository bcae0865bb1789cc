using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Ingestor.Collect.Feeds;
using Ingestor.Tests.Collect.Http;
using Microsoft.AspNetCore.Http;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>
/// Feed servers misbehaving, each against a real local server: every case ends in a recorded failure (or a
/// tolerant success), nothing is ingested twice, and the worker keeps polling the healthy feed.
/// </summary>
public sealed class FeedServerFaultTests
{
    private static async Task<(TestWebServer Server, PollerHarness Harness)> StartAsync(string path, RequestDelegate handler, Dictionary<string, string?>? settings = null)
    {
        var server = await TestWebServer.StartAsync();
        server.Map(path, handler);
        var harness = await PollerHarness.StartAsync(server, [new TestSource("bad", server.Url(path))], settings);
        return (server, harness);
    }

    private static async Task<FeedState> FailedAsync(PollerHarness harness, string expectedError)
    {
        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("bad"));
        var state = await harness.StateAsync("bad");
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Contains(expectedError, state.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await harness.JournaledAsync(), a => a.Source == "bad");
        await harness.AssertHealthyFeedStillWorksAsync();
        return state;
    }

    [Fact]
    public async Task Poll_Server500_RetriesThenFailsAndIngestsNothing()
    {
        var (server, harness) = await StartAsync("/feed", context => { context.Response.StatusCode = 500; return Task.CompletedTask; });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "HTTP 500");
            Assert.Equal(2, server.Count("/feed"));
        }
    }

    [Fact]
    public async Task Poll_503ThenOk_WaitsOutTheShortRetryAfterWithinThePoll()
    {
        var calls = 0;
        var feed = TestFeeds.WithContent("later", 1);
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
            await context.Response.WriteAsync(feed);
        });
        await using (server)
        await using (harness)
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal(PollOutcome.Ok, await harness.PollAsync("bad"));
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited {watch.Elapsed}");
            Assert.Equal(1, (await harness.StateAsync("bad")).ItemsLastPoll);
        }
    }

    [Fact]
    public async Task Poll_429WithLongRetryAfter_FailsAtOnceAndWaitsThatLongBeforeTheNextRequest()
    {
        var (server, harness) = await StartAsync("/feed", context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "7200";
            return Task.CompletedTask;
        });
        await using (server)
        await using (harness)
        {
            var state = await FailedAsync(harness, "HTTP 429");
            Assert.Equal(1, server.Count("/feed"));
            Assert.InRange((state.NextPoll!.Value - state.LastPoll!.Value).TotalSeconds, 7199, 7201);
            Assert.Equal(PollOutcome.BackingOff, await harness.PollAsync("bad", force: false));
            Assert.Equal(1, server.Count("/feed"));
        }
    }

    [Fact]
    public async Task Poll_ServerNeverAnswers_TimesOutQuickly()
    {
        var (server, harness) = await StartAsync("/feed", async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted),
            new() { ["Fetch:RequestTimeout"] = "00:00:00.300", ["Fetch:Retries"] = "0" });
        await using (server)
        await using (harness)
        {
            var watch = Stopwatch.StartNew();
            await FailedAsync(harness, "no complete answer");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Poll_SlowDrip_TimesOutInsteadOfWaitingForever()
    {
        var feed = Encoding.UTF8.GetBytes(TestFeeds.WithContent("drip", 1));
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            context.Response.ContentLength = feed.Length;
            foreach (var b in feed)
            {
                await context.Response.Body.WriteAsync(new[] { b }, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(50, context.RequestAborted);
            }
        }, new() { ["Fetch:RequestTimeout"] = "00:00:00.500", ["Fetch:Retries"] = "0" });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "no complete answer");
        }
    }

    [Fact]
    public async Task Poll_EndlessBody_StopsAtTheSizeCap()
    {
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            var chunk = Encoding.UTF8.GetBytes("<rss><channel>" + new string(' ', 8192));
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }, new() { ["Fetch:MaxResponseBytes"] = "65536" });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "over the 65536-byte limit");
            Assert.Equal(1, server.Count("/feed"));
        }
    }

    [Fact]
    public async Task Poll_GzipBomb_StopsAtTheDecompressedSizeCap()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }
        var bomb = compressed.ToArray();
        // Small on the wire, under the cap; 64 MiB once inflated.
        Assert.True(bomb.Length < 1_048_576);
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = bomb.Length;
            await context.Response.Body.WriteAsync(bomb, context.RequestAborted);
        }, new() { ["Fetch:MaxResponseBytes"] = "1048576" });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "over the 1048576-byte limit");
        }
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Poll_CompressedFeed_IsDecompressed(string encoding)
    {
        var feed = Encoding.UTF8.GetBytes(TestFeeds.WithContent("zip", 2));
        using var compressed = new MemoryStream();
        await using (Stream zip = encoding switch
                     {
                         "gzip" => new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true),
                         "br" => new BrotliStream(compressed, CompressionLevel.Fastest, leaveOpen: true),
                         _ => new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true),
                     })
        {
            zip.Write(feed);
        }
        await using var server = await TestWebServer.StartAsync();
        server.MapBytes("/feed", compressed.ToArray(), "application/rss+xml", encoding);
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("zip", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("zip"));

        Assert.Equal(2, (await harness.StateAsync("zip")).ItemsLastPoll);
        Assert.Contains("gzip", server.Requests.First(r => r.Path == "/feed").Headers["Accept-Encoding"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_ConnectionResetMidBody_FailsAsANetworkError()
    {
        var feed = Encoding.UTF8.GetBytes(TestFeeds.WithContent("reset", 3));
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            context.Response.ContentLength = feed.Length;
            await context.Response.Body.WriteAsync(feed.AsMemory(0, feed.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        });
        await using (server)
        await using (harness)
        {
            var state = await FailedAsync(harness, "connection");
            Assert.Equal(2, server.Count("/feed"));
        }
    }

    [Fact]
    public async Task Poll_HttpsToAPlainHttpPort_FailsWithTlsError()
    {
        await using var server = await TestWebServer.StartAsync();
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("bad", new Uri($"https://127.0.0.1:{server.Port}/feed"))]);

        await FailedAsync(harness, "TLS");
    }

    [Fact]
    public async Task Poll_HtmlInsteadOfAFeed_FailsSayingSo()
    {
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(TestFeeds.ArticlePage("Not a feed", "Plain page."));
        });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "HTML page, not a feed");
        }
    }

    [Fact]
    public async Task Poll_EmptyBodyWith200_FailsSayingSo()
    {
        var (server, harness) = await StartAsync("/feed", context =>
        {
            context.Response.ContentType = "application/rss+xml";
            return Task.CompletedTask;
        });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "empty body");
        }
    }

    [Fact]
    public async Task Poll_MalformedFeed_Fails()
    {
        var (server, harness) = await StartAsync("/feed", async context =>
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("{ this is: [not, a feed");
        });
        await using (server)
        await using (harness)
        {
            await FailedAsync(harness, "not a feed");
        }
    }

    [Fact]
    public async Task Poll_TruncatedFeed_IngestsTheCompleteItemsOnce()
    {
        var full = TestFeeds.WithContent("cut", 3);
        var truncated = full[..full.IndexOf("<item><guid isPermaLink=\"false\">cut-3", StringComparison.Ordinal)] + "<item><guid>cut-3</guid><title>Half";
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", truncated);
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("cut", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("cut"));
        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("cut"));

        var titles = (await harness.JournaledAsync()).Where(a => a.Source == "cut").Select(a => a.Title).ToList();
        Assert.Contains("cut story number 1 about the harbour", titles);
        Assert.Contains("cut story number 2 about the harbour", titles);
        Assert.Equal(titles.Count, titles.Distinct().Count());
        Assert.Equal(0, (await harness.StateAsync("cut")).ItemsLastPoll);
        await harness.AssertHealthyFeedStillWorksAsync();
    }

    [Fact]
    public async Task Poll_WrongCharsetDeclared_StillReadsTheItems()
    {
        // Latin-1 bytes in a document that declares UTF-8 (and a Content-Type without charset).
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Caf\u00e9 news</title>" +
                  "<item><guid>c1</guid><title>Caf\u00e9 opens on the quay</title><link>http://news.test/cafe</link><description>" +
                  string.Concat(Enumerable.Repeat("The caf\u00e9 on the quay opens its doors on Saturday with a menu of local fish. ", 10)) +
                  "</description></item></channel></rss>";
        await using var server = await TestWebServer.StartAsync();
        server.MapBytes("/feed", Encoding.Latin1.GetBytes(xml), "text/xml");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("charset", server.Url("/feed"))],
            new Dictionary<string, string?> { ["Feeds:FullTextMinChars"] = "0" });

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("charset"));

        var article = Assert.Single(await harness.JournaledAsync(), a => a.Source == "charset");
        Assert.StartsWith("Caf", article.Title, StringComparison.Ordinal);
        Assert.Contains("opens on the quay", article.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_HugeSingleLineFeed_ParsesWithinTheCap()
    {
        var items = Enumerable.Range(1, 40).Select(i => new TestFeeds.Item($"line-{i}", $"Line story {i}", $"http://news.test/line/{i}", "s",
            TestFeeds.LongText($"line story {i}") + string.Concat(Enumerable.Repeat("<p>More detail about the ferry and the harbour timetable.</p>", 400))));
        var oneLine = TestFeeds.Rss("line", [.. items]).Replace("\n", "", StringComparison.Ordinal);
        Assert.True(oneLine.Length > 1_000_000);
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", oneLine);
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("line", server.Url("/feed")) { MaxItems = 2 }]);

        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("line"));

        Assert.Equal(2, (await harness.StateAsync("line")).ItemsLastPoll);
        await harness.AssertHealthyFeedStillWorksAsync();
    }

    [Fact]
    public async Task Poll_DeadHostBreakerOpen_OtherHostsKeepPolling()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/dead", "down", "text/plain", status: 502);
        server.MapText("/alive", TestFeeds.WithContent("alive", 1));
        await using var harness = await PollerHarness.StartAsync(server,
            [new TestSource("dead", server.Url("/dead")), new TestSource("alive", server.LocalhostUrl("/alive"))],
            new Dictionary<string, string?>
            {
                ["Fetch:Retries"] = "0",
                ["Fetch:BreakerMinimumThroughput"] = "2",
                ["Fetch:BreakerFailureRatio"] = "0.5",
                ["Fetch:BreakerBreakDuration"] = "00:01:00",
            });

        await harness.PollAsync("dead");
        await harness.PollAsync("dead");
        var requests = server.Count("/dead");
        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("dead"));

        Assert.Equal(requests, server.Count("/dead"));
        Assert.Contains("requests paused", (await harness.StateAsync("dead")).LastError, StringComparison.Ordinal);
        Assert.Equal(PollOutcome.Ok, await harness.PollAsync("alive"));
    }
}
