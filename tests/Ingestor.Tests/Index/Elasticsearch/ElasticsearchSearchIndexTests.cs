using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>The engine's lifecycle against the fake cluster: templates, aliases, bulk, get, delete, count, reindex.</summary>
public sealed class ElasticsearchSearchIndexTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Json(Article article) => JsonSerializer.Serialize(article, IngestorJson.Compact);

    [Fact]
    public async Task InitializeAsync_EmptyCluster_CreatesTemplatesIndexAndAliases()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        await host.Index.InitializeAsync(None);

        var cluster = server.Cluster;
        Assert.Equal(["ingestor-articles-mappings", "ingestor-articles-settings"], cluster.ComponentTemplates.Keys.Order());
        Assert.Equal("ingestor-articles-*", cluster.IndexTemplates["ingestor-articles"]["index_patterns"]![0]!.GetValue<string>());
        Assert.Equal(["ingestor-articles-v1"], cluster.Indices.Keys);
        Assert.Equal(["ingestor-articles-v1"], cluster.Aliases["ingestor-articles"].Keys);
        Assert.True(cluster.Aliases["ingestor-articles-write"]["ingestor-articles-v1"]);
    }

    [Fact]
    public async Task InitializeAsync_Twice_CreatesNothingNew()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        server.Requests.Clear();

        await host.Index.InitializeAsync(None);

        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT" && !r.Path.StartsWith("/_", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.Path == "/_aliases");
    }

    [Fact]
    public async Task InitializeAsync_ReadAliasLost_PutsItBack()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        server.Cluster.Aliases.Remove("ingestor-articles");

        await host.Index.InitializeAsync(None);

        Assert.Equal(["ingestor-articles-v1"], server.Cluster.Aliases["ingestor-articles"].Keys);
    }

    [Fact]
    public async Task IndexAsync_SameArticleTwice_CreatedThenUpdated()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);

        var first = await host.Index.IndexAsync([TestArticles.Full("a1"), TestArticles.Bare("a2")], None);
        var second = await host.Index.IndexAsync([TestArticles.Full("a1") with { Title = "Changed" }], None);

        Assert.Equal([IndexOutcome.Created, IndexOutcome.Created], first.Select(r => r.Outcome));
        Assert.Equal(["a1", "a2"], first.Select(r => r.Id));
        Assert.Equal(IndexOutcome.Updated, Assert.Single(second).Outcome);
        Assert.Equal(2, await host.Index.CountAsync(None));
        var bulk = server.Requests.First(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal("/ingestor-articles-write/_bulk", bulk.Path);
        Assert.Equal("a1", bulk.NdjsonLines[0]["index"]!["_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetAsync_IndexedArticle_RoundTripsExactly()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        var full = TestArticles.Full("a/1?x");
        var bare = TestArticles.Bare("a2");
        await host.Index.IndexAsync([full, bare], None);

        var gotFull = await host.Index.GetAsync("a/1?x", None);
        var gotBare = await host.Index.GetAsync("a2", None);

        Assert.Equal(Json(full), Json(gotFull!));
        Assert.Equal(Json(bare), Json(gotBare!));
        Assert.Equal(full.Published, gotFull!.Published);
        Assert.Null(await host.Index.GetAsync("nope", None));
    }

    [Fact]
    public void ArticleDocument_Facets_AreDistinctNamesPerType()
    {
        var article = TestArticles.Full() with
        {
            Entities = [.. TestArticles.Full().Entities, new ArticleEntity("Steve Witkoff", EntityType.Person, 1, 99, null)],
        };

        var document = ArticleDocument.From(article).ToJson();

        Assert.Equal("""["Steve Witkoff","Jared Kushner"]""", document["person"]!.ToJsonString());
        Assert.Equal("""["Reuters"]""", document["organization"]!.ToJsonString());
        Assert.Equal("""["Qatar","Miami"]""", document["location"]!.ToJsonString());
        Assert.Equal("""["Board of Peace"]""", document["misc"]!.ToJsonString());
        Assert.Equal("2025-12-19T19:05:00Z", document["published"]!.GetValue<string>());
        Assert.Null(document["paragraphs"]);
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenMissing_TrueThenFalse()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Bare("a1")], None);

        Assert.True(await host.Index.DeleteAsync("a1", None));
        Assert.False(await host.Index.DeleteAsync("a1", None));
        Assert.Equal(0, await host.Index.CountAsync(None));
    }

    [Fact]
    public async Task IndexAsync_BatchLimits_SplitByCountAndBytes()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var byCount = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.Bulk.MaxDocuments = 2;
        });
        await byCount.Index.InitializeAsync(None);
        var articles = Enumerable.Range(1, 5).Select(i => TestArticles.Bare("a" + i)).ToList();

        var results = await byCount.Index.IndexAsync(articles, None);

        Assert.Equal(3, server.Requests.Count(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)));
        Assert.All(results, r => Assert.Equal(IndexOutcome.Created, r.Outcome));

        server.Requests.Clear();
        await using var byBytes = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.Bulk.MaxBytes = 1500;
        });
        var large = Enumerable.Range(1, 3).Select(i => TestArticles.Bare("b" + i, body: new string('x', 1000))).ToList();

        await byBytes.Index.IndexAsync(large, None);

        Assert.Equal(3, server.Requests.Count(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)));
    }

    private static JsonObject BulkItem(string id, int status, string? result = null, string? errorType = null, string? reason = null)
    {
        var item = new JsonObject { ["_index"] = "ingestor-articles-v1", ["_id"] = id, ["status"] = status };
        if (result is not null)
        {
            item["result"] = result;
            item["_version"] = 1;
        }
        if (errorType is not null)
        {
            item["error"] = new JsonObject { ["type"] = errorType, ["reason"] = reason };
        }
        return new JsonObject { ["index"] = item };
    }

    [Fact]
    public async Task IndexAsync_PartialFailure_RetriesOnlyRejectedItemsAndDeadLettersRefused()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var bulkCalls = new List<IReadOnlyList<string>>();
        server.Handler = r =>
        {
            if (!r.Path.EndsWith("/_bulk", StringComparison.Ordinal))
            {
                return null;
            }
            var ids = r.NdjsonLines.Where((_, i) => i % 2 == 0).Select(l => l["index"]!["_id"]!.GetValue<string>()).ToList();
            bulkCalls.Add(ids);
            var items = new JsonArray(ids.Select(id => (JsonNode?)(id switch
            {
                "a2" when bulkCalls.Count == 1 => BulkItem(id, 429, errorType: "es_rejected_execution_exception", reason: "rejected execution of coordinating operation"),
                "a3" => BulkItem(id, 400, errorType: "document_parsing_exception", reason: "[1:15] failed to parse field [published] of type [date]"),
                _ => BulkItem(id, 201, "created"),
            })).ToArray());
            return FakeResponse.Ok(new JsonObject { ["took"] = 1, ["errors"] = true, ["items"] = items });
        };
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var results = await host.Index.IndexAsync([TestArticles.Bare("a1"), TestArticles.Bare("a2"), TestArticles.Bare("a3")], None);

        Assert.Equal([["a1", "a2", "a3"], ["a2"]], bulkCalls);
        Assert.Equal([IndexOutcome.Created, IndexOutcome.Created, IndexOutcome.Failed], results.Select(r => r.Outcome));
        Assert.Contains("document_parsing_exception", results[2].Error, StringComparison.Ordinal);
        var deadLetters = await new ElasticsearchDeadLetter(host.DeadLetterPath, TimeProvider.System).ReadAsync(None);
        var entry = Assert.Single(deadLetters);
        Assert.Equal("a3", entry["id"]!.GetValue<string>());
        Assert.Equal(400, entry["status"]!.GetValue<int>());
        Assert.Equal("document_parsing_exception", entry["error_type"]!.GetValue<string>());
        Assert.Contains("failed to parse field [published]", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("a3", entry["document"]!["id"]!.GetValue<string>());
        Assert.EndsWith(Path.Combine("dead-letter", "elasticsearch.ndjson"), host.DeadLetterPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "es_rejected_execution_exception")]
    [InlineData(503, "unavailable_shards_exception")]
    public async Task IndexAsync_ItemRejectedEveryTime_GivesUpAndDeadLettersWithItsLastStatus(int status, string errorType)
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var calls = 0;
        server.Handler = r =>
        {
            if (!r.Path.EndsWith("/_bulk", StringComparison.Ordinal))
            {
                return null;
            }
            calls++;
            var items = new JsonArray(BulkItem("a1", status, errorType: errorType, reason: "not now"));
            return FakeResponse.Ok(new JsonObject { ["took"] = 1, ["errors"] = true, ["items"] = items });
        };
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.Bulk.MaxRetries = 2;
        });

        var result = Assert.Single(await host.Index.IndexAsync([TestArticles.Bare("a1")], None));

        Assert.Equal(3, calls);
        Assert.Equal(IndexOutcome.Failed, result.Outcome);
        var entry = Assert.Single(await new ElasticsearchDeadLetter(host.DeadLetterPath, TimeProvider.System).ReadAsync(None));
        Assert.Equal("retries_exhausted", entry["error_type"]!.GetValue<string>());
        Assert.Equal(status, entry["status"]!.GetValue<int>());
        Assert.Contains(errorType, entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, entry["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task IndexAsync_ArticlesElasticsearchWouldRefuseWholesale_FailAloneWithoutARequest()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);

        var results = await host.Index.IndexAsync([TestArticles.Bare(" "), TestArticles.Bare(new string('é', 300)), TestArticles.Bare("ok")], None);

        Assert.Equal([IndexOutcome.Failed, IndexOutcome.Failed, IndexOutcome.Created], results.Select(r => r.Outcome));
        Assert.Contains("no id", results[0].Error, StringComparison.Ordinal);
        Assert.Contains("512 bytes", results[1].Error, StringComparison.Ordinal);
        var bulk = server.Requests.Single(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal(2, bulk.NdjsonLines.Count);
        Assert.Equal(2, (await new ElasticsearchDeadLetter(host.DeadLetterPath, TimeProvider.System).ReadAsync(None)).Count);
    }

    [Fact]
    public async Task IndexAsync_WholeRequestFails_Throws()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        // No InitializeAsync: the write alias does not exist and require_alias refuses to create an index.
        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Index.IndexAsync([TestArticles.Bare("a1")], None));

        Assert.Equal("index_not_found_exception", ex.ErrorType);
    }

    [Fact]
    public async Task ReindexAsync_MovesBothAliasesToANewIndexKeepingEveryArticle()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Full("a1"), TestArticles.Bare("a2")], None);

        var result = await host.Index.ReindexAsync(deleteOld: false, None);

        Assert.Equal(("ingestor-articles-v1", "ingestor-articles-v2", 2L), (result.From, result.To, result.Created));
        Assert.Equal(["ingestor-articles-v2"], server.Cluster.Aliases["ingestor-articles"].Keys);
        Assert.Equal(["ingestor-articles-v2"], server.Cluster.Aliases["ingestor-articles-write"].Keys);
        Assert.True(server.Cluster.Indices.ContainsKey("ingestor-articles-v1")); // kept for rollback
        Assert.Equal(Json(TestArticles.Full("a1")), Json((await host.Index.GetAsync("a1", None))!));

        var again = await host.Index.ReindexAsync(deleteOld: true, None);

        Assert.Equal("ingestor-articles-v3", again.To);
        Assert.False(server.Cluster.Indices.ContainsKey("ingestor-articles-v2"));
        Assert.Equal(2, await host.Index.CountAsync(None));
    }

    [Fact]
    public async Task ReindexAsync_WritesDuringTheCopy_AreNotOverwritten()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Bare("a1", title: "old")], None);
        server.Handler = r =>
        {
            if (r.Path == "/_reindex")
            {
                // A newer write lands in the new index (the write alias moved) before the copy reaches it.
                server.Cluster.Indices["ingestor-articles-v2"]["a1"] = ArticleDocument.From(TestArticles.Bare("a1", title: "new")).ToJson();
            }
            return null;
        };

        var result = await host.Index.ReindexAsync(deleteOld: false, None);

        Assert.Equal(1, result.VersionConflicts);
        Assert.Equal("new", (await host.Index.GetAsync("a1", None))!.Title);
    }

    [Fact]
    public async Task ReindexAsync_InterruptedEarlier_FinishesTheMove()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Bare("a1")], None);
        // As a reindex leaves things when the copy fails: writes already moved to v2, reads still on v1.
        server.Cluster.Indices["ingestor-articles-v2"] = new(StringComparer.Ordinal);
        server.Cluster.Aliases["ingestor-articles-write"].Clear();
        server.Cluster.Aliases["ingestor-articles-write"]["ingestor-articles-v2"] = true;

        var result = await host.Index.ReindexAsync(deleteOld: false, None);

        Assert.Equal(("ingestor-articles-v1", "ingestor-articles-v2"), (result.From, result.To));
        Assert.Equal(["ingestor-articles-v2"], server.Cluster.Aliases["ingestor-articles"].Keys);
        Assert.NotNull(await host.Index.GetAsync("a1", None));
    }

    [Fact]
    public async Task DeleteAsync_DuringReindex_RemovesFromBothIndices()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Bare("a1")], None);
        server.Cluster.Indices["ingestor-articles-v2"] = new(StringComparer.Ordinal);
        server.Cluster.Aliases["ingestor-articles-write"].Clear();
        server.Cluster.Aliases["ingestor-articles-write"]["ingestor-articles-v2"] = true;

        Assert.True(await host.Index.DeleteAsync("a1", None));

        Assert.Empty(server.Cluster.Indices["ingestor-articles-v1"]);
    }

    [Fact]
    public async Task DropAsync_RemovesIndicesAndTemplates()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);
        await host.Index.InitializeAsync(None);

        await host.Index.DropAsync(None);

        Assert.Empty(server.Cluster.Indices);
        Assert.Empty(server.Cluster.IndexTemplates);
        Assert.Empty(server.Cluster.ComponentTemplates);
    }

    [Fact]
    public async Task ServiceRegistration_ResolvesEngineAsSearchIndex()
    {
        await using var host = EsTestHost.Create(o => o.Nodes = ["http://127.0.0.1:9"]);

        Assert.Equal("elasticsearch", host.SearchIndex.Engine);
        Assert.Same(host.Index, host.SearchIndex);
    }
}
