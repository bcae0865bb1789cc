using System.Text.Json.Nodes;
using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>Searching through the engine: how answers become a <see cref="SearchResult"/>, and deep pages over a point in time.</summary>
public sealed class ElasticsearchSearchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonObject Buckets(params (string Key, long Count)[] buckets) => new()
    {
        ["doc_count_error_upper_bound"] = 0,
        ["sum_other_doc_count"] = 0,
        ["buckets"] = new JsonArray(buckets.Select(b => (JsonNode?)new JsonObject { ["key"] = b.Key, ["doc_count"] = b.Count }).ToArray()),
    };

    private static JsonObject Facet(long docCount, params (string Key, long Count)[] buckets) => new()
    {
        ["doc_count"] = docCount,
        ["sterms#values"] = Buckets(buckets),
    };

    private static JsonObject Hit(string id, double score, JsonArray sort, JsonObject? source = null, string? highlight = null)
    {
        var hit = new JsonObject
        {
            ["_index"] = "ingestor-articles-v1",
            ["_id"] = id,
            ["_score"] = score,
            ["_source"] = source ?? new JsonObject { ["id"] = id, ["title"] = "Title " + id, ["lead"] = "Lead <" + id + "> & more", ["source"] = "Example News", ["language"] = "en" },
            ["sort"] = sort,
        };
        if (highlight is not null)
        {
            hit["highlight"] = new JsonObject { ["body"] = new JsonArray(highlight) };
        }
        return hit;
    }

    private static JsonObject SearchAnswer(long total, JsonArray hits, JsonObject? aggregations = null, string? pitId = null)
    {
        var answer = new JsonObject
        {
            ["took"] = 7,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["total"] = new JsonObject { ["value"] = total, ["relation"] = "eq" },
                ["max_score"] = 1.0,
                ["hits"] = hits,
            },
        };
        if (aggregations is not null)
        {
            answer["aggregations"] = aggregations;
        }
        if (pitId is not null)
        {
            answer["pit_id"] = pitId;
        }
        return answer;
    }

    private static JsonObject AllAggregations() => new()
    {
        ["filter#person"] = Facet(3, ("Steve Witkoff", 2), ("Jared Kushner", 2), ("Ali Abbás", 1)),
        ["filter#organization"] = Facet(3, ("Reuters", 1)),
        ["filter#location"] = Facet(3),
        ["filter#source"] = Facet(3, ("B News", 2), ("A News", 2)),
        ["filter#language"] = Facet(3, ("en", 3)),
        ["filter#story"] = Facet(3, ("story-miami", 3)),
        ["filter#histogram"] = new JsonObject
        {
            ["doc_count"] = 3,
            ["date_histogram#days"] = new JsonObject
            {
                ["buckets"] = new JsonArray(
                    new JsonObject { ["key_as_string"] = "2025-12-18", ["key"] = 1766016000000L, ["doc_count"] = 1 },
                    new JsonObject { ["key_as_string"] = "2025-12-19", ["key"] = 1766102400000L, ["doc_count"] = 2 }),
            },
        },
    };

    [Fact]
    public async Task SearchAsync_Answer_BecomesSearchResult()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = r => r.Path.EndsWith("/_search", StringComparison.Ordinal)
            ? FakeResponse.Ok(SearchAnswer(3, new JsonArray(
                Hit("a1", 2.5, [2.5, 1766102400000L, "a1"],
                    new JsonObject
                    {
                        ["id"] = "a1", ["title"] = "Witkoff in Miami", ["url"] = "https://news.example/a1", ["source"] = "Example News",
                        ["published"] = "2025-12-19T19:05:00Z", ["language"] = "en", ["story_id"] = "story-miami", ["lead"] = "",
                        ["entities"] = new JsonArray(new JsonObject { ["name"] = "Steve Witkoff", ["type"] = "PERSON", ["mentions"] = 2, ["first_offset"] = 8, ["id"] = null }),
                    },
                    "Steve <mark>Witkoff</mark> met &lt;b&gt;"),
                Hit("a2", 1.5, [1.5, 1766016000000L, "a2"])), AllAggregations()))
            : null;
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var result = await host.Index.SearchAsync(new SearchRequest { Query = QuerySyntax.Parse("witkoff") }, None);

        Assert.Equal(3, result.Total);
        Assert.Equal(7, result.TookMs);
        Assert.Equal(["a1", "a2"], result.Hits.Select(h => h.Id));
        var first = result.Hits[0];
        Assert.Equal("Witkoff in Miami", first.Title);
        Assert.Equal("Steve <mark>Witkoff</mark> met &lt;b&gt;", first.Snippet);
        Assert.Equal(new DateTimeOffset(2025, 12, 19, 19, 5, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("story-miami", first.StoryId);
        Assert.Equal(new HitEntity("Steve Witkoff", EntityType.Person), Assert.Single(first.Entities));
        Assert.Equal("Lead &lt;a2&gt; &amp; more", result.Hits[1].Snippet); // no highlight: the escaped lead
        Assert.Equal(["person", "organization", "location", "source", "language", "story"], result.Facets.Keys);
        Assert.Equal([new FacetCount("Jared Kushner", 2), new FacetCount("Steve Witkoff", 2), new FacetCount("Ali Abbás", 1)], result.Facets["person"]);
        Assert.Equal([new FacetCount("A News", 2), new FacetCount("B News", 2)], result.Facets["source"]);
        Assert.Empty(result.Facets["location"]);
        Assert.Equal([new HistogramBucket(new DateOnly(2025, 12, 18), 1), new HistogramBucket(new DateOnly(2025, 12, 19), 2)], result.Histogram);

        var sent = server.Requests.Single(r => r.Path.EndsWith("/_search", StringComparison.Ordinal));
        Assert.Equal("/ingestor-articles/_search", sent.Path);
        Assert.Equal("true", sent.Query["typed_keys"]);
        Assert.Equal(0, sent.Json!["from"]!.GetValue<int>());
        Assert.Equal(20, sent.Json!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task SearchAsync_PageBeyondResultWindow_WalksAPointInTimeWithSearchAfter()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Cluster.Indices["ingestor-articles-v1"] = new(StringComparer.Ordinal);
        server.Cluster.Aliases["ingestor-articles"] = new(StringComparer.Ordinal) { ["ingestor-articles-v1"] = false };
        var searches = new List<JsonNode>();
        server.Handler = r =>
        {
            if (r.Path != "/_search")
            {
                return null;
            }
            var body = r.Json!;
            searches.Add(body);
            var size = body["size"]!.GetValue<int>();
            var offset = searches.Take(searches.Count - 1).Sum(s => s["size"]!.GetValue<int>());
            var hits = new JsonArray(Enumerable.Range(offset, size)
                .Select(i => (JsonNode?)Hit("d" + i, 1.0, [1.0, 1766102400000L - i, "d" + i])).ToArray());
            return FakeResponse.Ok(SearchAnswer(1000, hits, body["aggregations"] is null ? null : AllAggregations(), pitId: "pit-1"));
        };
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.MaxResultWindow = 100;
        });

        var result = await host.Index.SearchAsync(new SearchRequest { Page = 4, Size = 50 }, None);

        Assert.Equal(Enumerable.Range(150, 50).Select(i => "d" + i), result.Hits.Select(h => h.Id));
        Assert.Equal(1000, result.Total);
        Assert.Equal(3, result.Facets["person"].Count);
        Assert.Equal([100, 50, 50], searches.Select(s => s["size"]!.GetValue<int>()));
        Assert.All(searches, s => Assert.Equal("pit-1", s["pit"]!["id"]!.GetValue<string>()));
        Assert.All(searches, s => Assert.Null(s["from"]));
        Assert.NotNull(searches[0]["aggregations"]);
        Assert.True(searches[0]["track_total_hits"]!.GetValue<bool>());
        Assert.Null(searches[1]["aggregations"]);
        Assert.False(searches[1]["_source"]!.GetValue<bool>());
        Assert.Equal(3, searches[1]["search_after"]!.AsArray().Count);
        Assert.Equal(1766102400000L - 99, searches[1]["search_after"]![1]!.GetValue<long>());
        Assert.Equal("d99", searches[1]["search_after"]![2]!.GetValue<string>());
        Assert.Equal("d149", searches[2]["search_after"]![2]!.GetValue<string>());
        Assert.NotNull(searches[2]["highlight"]);
        Assert.Contains(server.Requests, r => r.Method == "POST" && r.Path == "/ingestor-articles/_pit" && r.Query["keep_alive"] == "60s");
        Assert.Contains(server.Requests, r => r.Method == "DELETE" && r.Path == "/_pit");
        Assert.Empty(server.Cluster.OpenPits);
    }

    [Fact]
    public async Task SearchAsync_DeepPagePastTheEnd_HasTotalsButNoHits()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Cluster.Indices["ingestor-articles-v1"] = new(StringComparer.Ordinal);
        server.Cluster.Aliases["ingestor-articles"] = new(StringComparer.Ordinal) { ["ingestor-articles-v1"] = false };
        server.Handler = r => r.Path == "/_search"
            ? FakeResponse.Ok(SearchAnswer(30, new JsonArray(Enumerable.Range(0, 30).Select(i => (JsonNode?)Hit("d" + i, 1, [1, i, "d" + i])).ToArray()), AllAggregations()))
            : null;
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.MaxResultWindow = 100;
        });

        var result = await host.Index.SearchAsync(new SearchRequest { Page = 10, Size = 100 }, None);

        Assert.Empty(result.Hits);
        Assert.Equal(30, result.Total);
        Assert.Empty(server.Cluster.OpenPits);
    }

    [Fact]
    public async Task SearchAsync_DeepPageFails_StillClosesThePointInTime()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Cluster.Indices["ingestor-articles-v1"] = new(StringComparer.Ordinal);
        server.Cluster.Aliases["ingestor-articles"] = new(StringComparer.Ordinal) { ["ingestor-articles-v1"] = false };
        server.Handler = r => r.Path == "/_search" ? FakeResponse.Error(400, "search_phase_execution_exception", "all shards failed") : null;
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.MaxResultWindow = 100;
        });

        await Assert.ThrowsAsync<ElasticsearchException>(() => host.Index.SearchAsync(new SearchRequest { Page = 3, Size = 100 }, None));

        Assert.Empty(server.Cluster.OpenPits);
    }
}
