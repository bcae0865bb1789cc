using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch.Spec;

/// <summary>
/// Drives the engine through its whole life against the fake cluster and checks every request it actually
/// sent against both specifications, and the fake's answers against the response types (so the fake does not
/// drift from real Elasticsearch).
/// </summary>
public sealed class EngineTrafficContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(List<ElasticsearchRequest> Sent, List<(FakeRequest, FakeResponse)> Exchanges)> RunLifecycleAsync()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var searchAnswer = JsonNode.Parse("""
            {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":1,"relation":"eq"},"max_score":1.0,"hits":[
               {"_index":"ingestor-articles-v1","_id":"a1","_score":1.0,"_source":{"id":"a1","title":"t"},"sort":[1.0,1766102400000,"a1"],
                "highlight":{"body":["<mark>gaza</mark>"]}}]},
             "aggregations":{"filter#person":{"doc_count":1,"sterms#values":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"A","doc_count":1}]}},
               "filter#histogram":{"doc_count":1,"date_histogram#days":{"buckets":[{"key_as_string":"2025-12-19","key":1766102400000,"doc_count":1}]}}}}
            """)!;
        server.Handler = r => r.Path.EndsWith("/_search", StringComparison.Ordinal) ? FakeResponse.Ok(searchAnswer.DeepClone()) : null;
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.MaxResultWindow = 100;
        });
        var sent = new ConcurrentQueue<ElasticsearchRequest>();
        host.Client.Observer = sent.Enqueue;

        await host.Client.InfoAsync(None);
        await host.Client.ClusterHealthAsync("yellow", TimeSpan.FromSeconds(5), None);
        await host.Index.InitializeAsync(None);
        await host.Alerts.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Full("a1"), TestArticles.Bare("a2"), TestArticles.Full("a3") with { DuplicateOf = "a1" }], None);
        await host.Index.GetAsync("a1", None);
        await host.Index.CountAsync(None);
        await host.Index.SearchAsync(new SearchRequest
        {
            Query = QuerySyntax.Parse("(gaza OR \"board of pe\"*) -football"),
            Filters = new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Person] = ["A"], [FacetField.Story] = ["s"] },
            From = DateTimeOffset.Parse("2025-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        }, None);
        await host.Index.SearchAsync(new SearchRequest { Page = 2, Size = 100, Sort = SearchSort.Newest }, None);
        await host.Alerts.PutRuleAsync("r1", "Gaza", new SearchRequest { Query = QuerySyntax.Parse("gaza") }, None);
        await host.Alerts.PercolateAsync([TestArticles.Full("a1")], None);
        await host.Index.ReindexAsync(deleteOld: true, None);
        await host.Index.DeleteAsync("a2", None);
        await host.Client.RefreshAsync("ingestor-articles", None);
        return ([.. sent], [.. server.Exchanges]);
    }

    [SkippableFact]
    public async Task Lifecycle_EveryRequestSent_MatchesBothSpecifications()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var (sent, _) = await RunLifecycleAsync();
        var endpoints = sent.Select(r => r.Endpoint).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "bulk", "search", "open_point_in_time", "close_point_in_time", "reindex", "indices.update_aliases", "index" }, endpoints);

        var failures = new List<string>();
        foreach (var version in EsSpec.Versions)
        {
            var validator = new SpecValidator(EsSpec.Load(version));
            foreach (var request in sent)
            {
                failures.AddRange(RequestContractTests.Check(validator, request).Select(e => $"{version} {request}: {e}"));
            }
        }

        Assert.Empty(failures);
    }

    [SkippableFact]
    public async Task Lifecycle_FakeAnswers_MatchTheResponseTypes()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var (sent, exchanges) = await RunLifecycleAsync();
        Assert.Equal(sent.Count, exchanges.Count);

        var failures = new List<string>();
        var validator = new SpecValidator(EsSpec.Load("main"));
        foreach (var ((request, response), described) in exchanges.Zip(sent))
        {
            if (response.Body is null || response.Status >= 400 || described.Endpoint is "indices.exists")
            {
                continue;
            }
            using var body = JsonDocument.Parse(response.Body.ToJsonString());
            failures.AddRange(validator.ValidateResponse(described.Endpoint, body.RootElement).Select(e => $"{request}: {e}"));
        }

        Assert.Empty(failures);
    }
}
