using System.Text.Json.Nodes;
using Ingestor.Index;

namespace Ingestor.Tests.Index.Elasticsearch;

public sealed class ElasticsearchAlertIndexTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_Missing_CreatesPercolatorIndexOnce()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        await host.Alerts.InitializeAsync(None);
        await host.Alerts.InitializeAsync(None);

        var creates = server.Requests.Where(r => r.Method == "PUT" && r.Path == "/ingestor-alerts").ToList();
        var create = Assert.Single(creates);
        Assert.Equal("percolator", create.Json!["mappings"]!["properties"]!["query"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task PercolateAsync_Batch_ReturnsRulesWithTheArticlesTheyMatched()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = r => r.Path == "/ingestor-alerts/_search"
            ? FakeResponse.Ok(JsonNode.Parse("""
                {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
                 "hits":{"total":{"value":1,"relation":"eq"},"max_score":1,"hits":[
                   {"_index":"ingestor-alerts","_id":"rule-1","_score":1,"_source":{"rule_id":"rule-1","rule_name":"Miami summit"},
                    "fields":{"_percolator_document_slot":[0,2]}}]}}
                """)!)
            : null;
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Alerts.InitializeAsync(None);
        await host.Alerts.PutRuleAsync("rule-1", "Miami summit", new SearchRequest { Query = QuerySyntax.Parse("miami summit") }, None);

        var matches = await host.Alerts.PercolateAsync([TestArticles.Full("a1"), TestArticles.Bare("a2"), TestArticles.Full("a3")], None);

        var match = Assert.Single(matches);
        Assert.Equal(("rule-1", "Miami summit"), (match.RuleId, match.RuleName));
        Assert.Equal(["a1", "a3"], match.ArticleIds);
        var stored = server.Cluster.Indices["ingestor-alerts"]["rule-1"];
        Assert.Equal("miami summit", stored["query"]!["bool"]!["must"]![0]!["simple_query_string"]!["query"]!.GetValue<string>());
        var search = server.Requests.Single(r => r.Path == "/ingestor-alerts/_search");
        Assert.Equal(3, search.Json!["query"]!["percolate"]!["documents"]!.AsArray().Count);
    }
}
