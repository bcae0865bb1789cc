using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Index;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>What only the Elasticsearch engine does, against a live cluster (ELASTICSEARCH_URL; skipped otherwise).</summary>
public sealed class ElasticsearchLiveTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly LiveElasticsearch _live = new();

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => _live.CleanUpAsync();

    private static List<Article> Articles(int count) => Enumerable.Range(0, count)
        .Select(i => TestArticles.Bare($"d{i:D4}", title: "Harbour report " + i, body: "Cranes and ships in the harbour, number " + i) with
        {
            Published = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i),
            Source = i % 2 == 0 ? "Even" : "Odd",
        })
        .ToList();

    [SkippableFact]
    public async Task Info_LiveCluster_IsElasticsearch8Or9()
    {
        var host = await _live.CreateAsync(None);

        var info = await host.Client.InfoAsync(None);

        Assert.Matches(@"^(8|9)\.", info.Version.Number);
    }

    [SkippableFact]
    public async Task SearchAsync_PagesBeyondTheResultWindow_MatchTheShallowOrder()
    {
        var host = await _live.CreateAsync(None, o => o.MaxResultWindow = 100);
        await host.Index.IndexAsync(Articles(260), None);
        var expected = Enumerable.Range(0, 260).Reverse().Select(i => $"d{i:D4}").ToList();

        var pages = new List<string>();
        for (var page = 1; page <= 6; page++)
        {
            var result = await host.Index.SearchAsync(new SearchRequest { Sort = SearchSort.Newest, Page = page, Size = 50 }, None);
            Assert.Equal(260, result.Total);
            Assert.Equal([("Even", 130L), ("Odd", 130L)], result.Facets["source"].Select(f => (f.Value, f.Count)));
            pages.AddRange(result.Hits.Select(h => h.Id));
        }

        Assert.Equal(expected, pages);
    }

    [SkippableFact]
    public async Task ReindexAsync_LiveCluster_KeepsEveryArticleAndServesFromTheNewIndex()
    {
        var host = await _live.CreateAsync(None);
        await host.Index.IndexAsync(Articles(30), None);

        var result = await host.Index.ReindexAsync(deleteOld: true, None);

        Assert.Equal(30, result.Created);
        Assert.EndsWith("-v2", result.To, StringComparison.Ordinal);
        Assert.Equal(30, await host.Index.CountAsync(None));
        Assert.Equal(30, (await host.Index.SearchAsync(new SearchRequest { Query = QuerySyntax.Parse("harbour") }, None)).Total);
        await host.Index.IndexAsync([TestArticles.Full("after")], None);
        Assert.NotNull(await host.Index.GetAsync("after", None));
    }

    [SkippableFact]
    public async Task IndexAsync_DocumentTheClusterRefuses_IsDeadLettered()
    {
        var host = await _live.CreateAsync(None);
        // A keyword term over Lucene's 32766-byte limit: refused by the shard, for this item only.
        var immense = TestArticles.Bare("immense") with { Source = new string('s', 40_000) };

        var results = await host.Index.IndexAsync([TestArticles.Bare("ok"), immense, TestArticles.Bare("ok2")], None);

        Assert.Equal([IndexOutcome.Created, IndexOutcome.Failed, IndexOutcome.Created], results.Select(r => r.Outcome));
        var lines = await File.ReadAllLinesAsync(host.DeadLetterPath);
        var entry = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("immense", entry.GetProperty("id").GetString());
        Assert.Equal(400, entry.GetProperty("status").GetInt32());
        Assert.Equal(2, await host.Index.CountAsync(None));
    }

    [SkippableFact]
    public async Task PercolateAsync_LiveCluster_MatchesSavedRules()
    {
        var host = await _live.CreateAsync(None);
        await host.Alerts.InitializeAsync(None);
        await host.Alerts.PutRuleAsync("miami", "Miami summit", new SearchRequest { Query = QuerySyntax.Parse("miami \"board of peace\"") }, None);
        await host.Alerts.PutRuleAsync("people", "Kushner", new SearchRequest
        {
            Filters = new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Person] = ["Jared Kushner"] },
        }, None);
        await host.Alerts.PutRuleAsync("football", "Football", new SearchRequest { Query = QuerySyntax.Parse("football") }, None);

        var matches = await host.Alerts.PercolateAsync([TestArticles.Full("a1"), TestArticles.Bare("a2"), TestArticles.Full("a3") with { DuplicateOf = "a1" }], None);

        Assert.Equal(["miami", "people"], matches.Select(m => m.RuleId).Order(StringComparer.Ordinal));
        Assert.All(matches, m => Assert.Equal(["a1"], m.ArticleIds));
    }
}
