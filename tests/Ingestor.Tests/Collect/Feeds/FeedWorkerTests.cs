using System.Text.Json;
using Ingestor.Collect.Feeds;
using Ingestor.Host.Cli;
using Ingestor.Tests.Collect.Http;
using Ingestor.Tests.Host;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>The real `ingestor run` host: Quartz polls the feeds, health shows at /api/sources and /api/status.</summary>
public sealed class FeedWorkerTests
{
    [Fact]
    public async Task Run_EnabledFeeds_ArePolledOnScheduleIndexedOnceAndReported()
    {
        await using var server = await TestWebServer.StartAsync();
        // Two unrelated stories (near-duplicates would be folded together by the duplicate stage).
        server.MapText("/feed", TestFeeds.Rss("worker desk",
            new TestFeeds.Item("w1", "Harbour ferry timetable changes", server.Url("/w/1").AbsoluteUri, "s", TestFeeds.LongText("the ferry timetable")),
            new TestFeeds.Item("w2", "Library reopens after harbour flood repairs", server.Url("/w/2").AbsoluteUri, "s", string.Concat(Enumerable.Repeat(
                "<p>The central library reopened on Monday after eight months of repairs that followed the winter flood near the harbour. " +
                "Volunteers carried thousands of books back to the shelves, and the reading room now has new lighting and heating.</p>", 5)))));
        server.MapText("/broken", "no", "text/plain", status: 500);
        using var data = new TempFolder();
        // Index 9: after the shipped (disabled) feeds in config/sources.yaml.
        await using var app = await IngestorApp.StartAsync(data.Path, settings: new Dictionary<string, string?>
        {
            ["sources:9:name"] = "local-desk",
            ["sources:9:url"] = server.Url("/feed").AbsoluteUri,
            ["sources:9:interval"] = "1s",
            ["sources:10:name"] = "broken-desk",
            ["sources:10:url"] = server.LocalhostUrl("/broken").AbsoluteUri,
            ["sources:10:interval"] = "1s",
            ["Feeds:StartJitter"] = "00:00:00.200",
            ["Fetch:Retries"] = "0",
            ["Fetch:PerHostDelay"] = "00:00:00",
        });

        Assert.True(await IngestorApp.EventuallyAsync(async () => server.Count("/feed") >= 3 && server.Count("/broken") >= 2, TimeSpan.FromSeconds(30)),
            "both feeds should be polled repeatedly");
        var indexed = await IngestorApp.EventuallyAsync(async () =>
            (await app.GetJsonAsync<JsonElement>("/api/search?q=harbour&source=local-desk")).GetProperty("total").GetInt32() == 2, TimeSpan.FromSeconds(5));
        Assert.True(indexed, (await app.Client.GetStringAsync("/api/search?q=harbour")) + (await app.Client.GetStringAsync("/api/sources")));

        var sources = await app.GetJsonAsync<JsonElement>("/api/sources");
        var local = sources.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "local-desk");
        Assert.Equal("ok", local.GetProperty("health").GetString());
        Assert.Equal(JsonValueKind.String, local.GetProperty("last_success").ValueKind);
        Assert.Equal(JsonValueKind.String, local.GetProperty("next_poll").ValueKind);
        Assert.Equal(0, local.GetProperty("consecutive_failures").GetInt32());
        var broken = sources.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "broken-desk");
        Assert.NotEqual("ok", broken.GetProperty("health").GetString());
        Assert.Contains("HTTP 500", broken.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.True(broken.GetProperty("consecutive_failures").GetInt32() >= 1);
        Assert.Equal("disabled", sources.GetProperty("sources")[0].GetProperty("health").GetString());

        var status = await app.GetJsonAsync<JsonElement>("/api/status");
        Assert.Contains(status.GetProperty("sources").EnumerateArray(), s => s.GetProperty("kind").GetString() == "feed" && s.GetProperty("name").GetString() == "local-desk");

        var reader = (FeedHealthReader)app.Services.GetService(typeof(FeedHealthReader))!;
        var text = SourcesCommand.Format(await reader.ReadAsync(CancellationToken.None));
        Assert.Contains("local-desk", text, StringComparison.Ordinal);
        Assert.Contains("last error: ", text, StringComparison.Ordinal);

        var metrics = await app.Client.GetStringAsync("/metrics");
        Assert.Contains("ingestor_feed_polls", metrics, StringComparison.Ordinal);
        Assert.Contains("ingestor_feed_items", metrics, StringComparison.Ordinal);

        // Still exactly two articles however many polls ran.
        Assert.Equal(2, (await app.GetJsonAsync<JsonElement>("/api/search?q=harbour&source=local-desk")).GetProperty("total").GetInt32());
    }
}
