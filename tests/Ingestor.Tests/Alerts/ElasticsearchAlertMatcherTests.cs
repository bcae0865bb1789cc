using System.Text.Json.Nodes;
using Ingestor.Alerts;
using Ingestor.Tests.Index.Elasticsearch;

namespace Ingestor.Tests.Alerts;

/// <summary>
/// The alert matcher conformance suite on a live Elasticsearch (the percolator index), when
/// ELASTICSEARCH_URL is set; skipped with the way to run it otherwise.
/// </summary>
public sealed class ElasticsearchAlertMatcherConformanceTests : AlertMatcherConformance, IAsyncLifetime
{
    private readonly LiveElasticsearch _live = new();

    protected override async Task<IAlertMatcher> CreateMatcherAsync(CancellationToken cancellationToken)
    {
        var host = await _live.CreateAsync(cancellationToken);
        return new ElasticsearchAlertMatcher(host.Alerts, host.Client);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => _live.CleanUpAsync();
}

/// <summary>How the Elasticsearch matcher keeps the percolator index in step with the rules, against the fake cluster.</summary>
public sealed class ElasticsearchAlertMatcherSyncTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SyncAsync_WritesChangedRulesOnly_AndDeletesGoneOnesIncludingLeftovers()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = r => r.Method == "POST" && r.Path == "/ingestor-alerts/_search"
            ? FakeResponse.Ok(JsonNode.Parse("""
                {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
                 "hits":{"total":{"value":1,"relation":"eq"},"max_score":1,"hits":[{"_index":"ingestor-alerts","_id":"leftover","_score":1}]}}
                """)!)
            : null;
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        using var matcher = new ElasticsearchAlertMatcher(host.Alerts, host.Client);
        var a = AlertOutboxTests.Rule("\"new_story\"", id: "a");
        var b = AlertOutboxTests.Rule("\"new_story\"", id: "b");

        await matcher.SyncAsync([a, b], None);
        await matcher.SyncAsync([a, b], None);
        await matcher.SyncAsync([a, b with { Enabled = false }], None);

        var writes = server.Requests.Where(r => r.Path.StartsWith("/ingestor-alerts/_doc/", StringComparison.Ordinal)).Select(r => r.Method + " " + r.Path).ToList();
        Assert.Equal(
        [
            "PUT /ingestor-alerts/_doc/a",
            "PUT /ingestor-alerts/_doc/b",
            "DELETE /ingestor-alerts/_doc/leftover",
            "DELETE /ingestor-alerts/_doc/b",
        ], writes);
    }
}
