using System.Text.Json;
using Ingestor.Alerts;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Enrich.Stories;
using Ingestor.Pipeline;

namespace Ingestor.Tests.Alerts;

/// <summary>What matches become alerts: new stories, updates with enough new sources, throttles, idempotence.</summary>
public sealed class AlertOutboxTests : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();
    private readonly StateDatabase _state;
    private readonly OffsetTimeProvider _clock = new();
    private readonly AlertOutbox _outbox;

    public AlertOutboxTests()
    {
        _state = new StateDatabase(new IngestorPaths(_temp.Path, TestFiles.ConfigDirectory));
        _outbox = new AlertOutbox(new AlertDatabase(_state), _clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _state.DisposeAsync();
        _temp.Dispose();
    }

    internal static AlertRule Rule(string modes, int minNewSources = 1, string throttle = "0s", string id = "r") =>
        AlertRuleParser.Parse(JsonDocument.Parse($$"""
            {"id":"{{id}}","name":"Rule {{id}}","query":"summit","modes":[{{modes}}],"min_new_sources":{{minNewSources}},"throttle":"{{throttle}}",
             "destinations":[{"type":"log"},{"type":"ndjson","path":"alerts/{{id}}.ndjson"}]}
            """).RootElement, null, AlertRuleOrigin.Api);

    internal static Article Article(string id, string story, string source) => new()
    {
        Id = id,
        Title = "Summit " + id,
        Body = "The summit " + id + " went on.",
        Lead = "The summit " + id + " went on.",
        ContentHash = id,
        Source = source,
        StoryId = story,
    };

    private static StorySummary? Story(string id) => new(id, "Story " + id, 1, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

    private Task<int> RecordAsync(AlertRule rule, params Article[] articles) =>
        _outbox.RecordAsync([(rule, articles)], Story, None);

    private async Task<List<AlertHistoryEntry>> HistoryAsync() => [.. (await _outbox.HistoryAsync(null, 100, None)).Reverse()];

    [Fact]
    public async Task NewStory_FirstMatchOfEachStory_OneAlertPerStory()
    {
        var rule = Rule("\"new_story\"");

        Assert.Equal(1, await RecordAsync(rule, Article("a1", "s1", "A")));
        Assert.Equal(0, await RecordAsync(rule, Article("a2", "s1", "B"), Article("a3", "s1", "C")));
        Assert.Equal(1, await RecordAsync(rule, Article("a4", "s2", "A")));

        var history = await HistoryAsync();
        Assert.Equal(["new_story", "new_story"], history.Select(h => h.Kind));
        Assert.Equal(["s1", "s2"], history.Select(h => h.StoryId));
        Assert.Equal(["a1"], history[0].ArticleIds);
    }

    [Fact]
    public async Task StoryUpdate_EnoughNewSources_OneUpdateNamingThem()
    {
        var rule = Rule("\"new_story\",\"story_update\"", minNewSources: 2);

        await RecordAsync(rule, Article("a1", "s1", "A"));
        Assert.Equal(0, await RecordAsync(rule, Article("a2", "s1", "B")));
        Assert.Equal(0, await RecordAsync(rule, Article("a3", "s1", "B")));
        Assert.Equal(1, await RecordAsync(rule, Article("a4", "s1", "C")));
        Assert.Equal(0, await RecordAsync(rule, Article("a5", "s1", "A")));

        var history = await HistoryAsync();
        Assert.Equal(["new_story", "story_update"], history.Select(h => h.Kind));
        Assert.Equal(["a2", "a3", "a4"], history[1].ArticleIds);
        var due = await _outbox.DueAsync(10, None);
        var update = JsonSerializer.Deserialize<AlertPayload>(due[^1].Payload, IngestorJson.Compact)!;
        Assert.Equal(["B", "C"], update.NewSources);
    }

    [Fact]
    public async Task StoryUpdate_WithoutNewStory_FirstSourceIsTheSilentBaseline()
    {
        var rule = Rule("\"story_update\"", minNewSources: 1);

        Assert.Equal(0, await RecordAsync(rule, Article("a1", "s1", "A")));
        Assert.Equal(1, await RecordAsync(rule, Article("a2", "s1", "B")));

        Assert.Equal(["story_update"], (await HistoryAsync()).Select(h => h.Kind));
    }

    [Fact]
    public async Task StoryUpdate_WithinThrottle_IsHeldBackThenRecordedOnceTheThrottlePasses()
    {
        var rule = Rule("\"new_story\",\"story_update\"", minNewSources: 1, throttle: "10m");
        await RecordAsync(rule, Article("a1", "s1", "A"));

        Assert.Equal(0, await RecordAsync(rule, Article("a2", "s1", "B")));
        Assert.Equal(["s1"], await _outbox.DeferredStoriesAsync(None));
        Assert.Equal(0, await _outbox.FlushDeferredAsync([rule], Story, None));
        Assert.Equal(0, await RecordAsync(rule, Article("a3", "s1", "C")));

        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await _outbox.FlushDeferredAsync([rule], Story, None));
        Assert.Empty(await _outbox.DeferredStoriesAsync(None));
        Assert.Equal(0, await _outbox.FlushDeferredAsync([rule], Story, None));

        var history = await HistoryAsync();
        Assert.Equal(["new_story", "story_update"], history.Select(h => h.Kind));
        Assert.Equal(["a2", "a3"], history[1].ArticleIds);
    }

    [Fact]
    public async Task EveryArticle_WithinThrottle_IsRecordedAsThrottledWithoutDeliveries()
    {
        var rule = Rule("\"every_article\"", throttle: "1h");

        Assert.Equal(1, await RecordAsync(rule, Article("a1", "s1", "A")));
        Assert.Equal(1, await RecordAsync(rule, Article("a2", "s2", "A")));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await RecordAsync(rule, Article("a3", "s3", "A")));

        var history = await HistoryAsync();
        Assert.Equal(["queued-or-sent", "throttled", "queued-or-sent"], history.Select(h => h.Status == "throttled" ? "throttled" : "queued-or-sent"));
        Assert.Empty(history[1].Deliveries);
        Assert.Equal(2, history[0].Deliveries.Count);
        Assert.Equal(4, (await _outbox.DueAsync(10, None)).Count);
    }

    [Fact]
    public async Task Record_SameArticlesAgain_RecordsNothing()
    {
        var rule = Rule("\"new_story\",\"story_update\"", minNewSources: 1);
        var batch = new[] { Article("a1", "s1", "A"), Article("a2", "s1", "B") };

        Assert.Equal(2, await RecordAsync(rule, batch));
        Assert.Equal(0, await RecordAsync(rule, batch));

        Assert.Equal(2, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task Deliveries_OnePerDestination_DueUntilMarked()
    {
        var rule = Rule("\"new_story\"");
        await RecordAsync(rule, Article("a1", "s1", "A"));

        var due = await _outbox.DueAsync(10, None);
        Assert.Equal(["log", "ndjson:alerts/r.ndjson"], due.Select(d => d.Destination.Describe()));
        await _outbox.MarkSentAsync(due[0], None);
        await _outbox.MarkFailedAsync(due[1], "disk full", _clock.GetUtcNow().AddMinutes(1), None);

        Assert.Empty(await _outbox.DueAsync(10, None));
        var entry = Assert.Single(await HistoryAsync());
        Assert.Equal("pending", entry.Status);
        Assert.Equal(("sent", 1), (entry.Deliveries[0].Status, entry.Deliveries[0].Attempts));
        Assert.Equal(("pending", "disk full"), (entry.Deliveries[1].Status, entry.Deliveries[1].LastError));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var retry = Assert.Single(await _outbox.DueAsync(10, None));
        await _outbox.MarkFailedAsync(retry, "still full", null, None);
        Assert.Equal("failed", Assert.Single(await HistoryAsync()).Status);
    }
}
