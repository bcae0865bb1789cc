using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestor.Tests.Index.Sqlite;

/// <summary>The conformance suite over a real database file in a temp folder, plus what only SQLite has.</summary>
public sealed class SqliteSearchIndexTests : SearchIndexConformance, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingestor-sqlite-").FullName;
    private readonly List<IDisposable> _owned = [];

    protected override async Task<ISearchIndex> CreateEmptyIndexAsync(CancellationToken cancellationToken)
    {
        var index = Open(Path.Combine(_folder, $"index-{_owned.Count}.db"));
        await index.InitializeAsync(cancellationToken);
        return index;
    }

    private SqliteSearchIndex Open(string path, Action<SqliteIndexOptions>? configure = null)
    {
        var options = new SqliteIndexOptions { Path = path };
        configure?.Invoke(options);
        var index = new SqliteSearchIndex(Options.Create(options), TimeProvider.System, NullLogger<SqliteSearchIndex>.Instance);
        _owned.Add(index);
        return index;
    }

    private string DatabasePath => Path.Combine(_folder, "shared.db");

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task Reopen_ExistingDatabase_RestoresArticlesFacetsAndHistogram()
    {
        var first = Open(DatabasePath);
        await first.IndexAsync(Corpus.All, Ct);
        await first.DeleteAsync("a12", Ct);
        var before = await SearchAsync(first, "gaza OR doha");
        first.Dispose();

        var reopened = Open(DatabasePath);
        await reopened.InitializeAsync(Ct);
        var after = await SearchAsync(reopened, "gaza OR doha");

        Assert.Equal(Corpus.All.Count - 1, await reopened.CountAsync(Ct));
        Assert.Equal(Ids(before), Ids(after));
        Assert.Equal(before.Total, after.Total);
        foreach (var (name, values) in before.Facets)
        {
            Assert.Equal(values, after.Facets[name]);
        }
        Assert.Equal(before.Histogram, after.Histogram);
    }

    [Fact]
    public async Task RebuildAsync_IndexedArticles_SameHitsFacetsAndHistogram_WhileAnotherInstanceReads()
    {
        var writer = Open(DatabasePath);
        await writer.IndexAsync(Corpus.All, Ct);
        await writer.DeleteAsync("a12", Ct);
        var reader = Open(DatabasePath);
        var before = await SearchAsync(reader, "gaza OR doha");

        var rebuilt = await writer.RebuildAsync(Ct);

        Assert.Equal(Corpus.All.Count - 1, rebuilt);
        var after = await SearchAsync(reader, "gaza OR doha");
        Assert.Equal(Ids(before), Ids(after));
        Assert.Equal(before.Total, after.Total);
        foreach (var (name, values) in before.Facets)
        {
            Assert.Equal(values, after.Facets[name]);
        }
        Assert.Equal(before.Histogram, after.Histogram);
        Assert.Equal(Ids(before), Ids(await SearchAsync(writer, "gaza OR doha")));
    }

    [Fact]
    public async Task SecondInstance_WritesAndDeletes_AreSeenByTheFirst()
    {
        var service = Open(DatabasePath);
        await service.IndexAsync(Corpus.All.Take(6).ToList(), Ct);
        Assert.Equal(6, (await SearchAsync(service, null, r => r with { Collapse = false })).Total);

        // Another "process": its own connections, its own facet store, the same file.
        var cli = Open(DatabasePath);
        await cli.IndexAsync(Corpus.All.Skip(6).ToList(), Ct);
        await cli.IndexAsync([Corpus.Get("a01") with { Source = "AFP", Entities = [new ArticleEntity("Lusail", EntityType.Location, 1, 0, null)] }], Ct);
        await cli.DeleteAsync("a04", Ct);

        var result = await SearchAsync(service, null);
        Assert.Equal(10, result.Total);
        Assert.Equal(Corpus.All.Count - 1, await service.CountAsync(Ct));
        Assert.Contains(new FacetCount("AFP", 1), result.Facets["source"]);
        Assert.DoesNotContain(result.Facets["source"], f => f.Value == "BBC");
        Assert.Contains(new FacetCount("Lusail", 1), result.Facets["location"]);
        Assert.Equal(["a01"], Ids(await SearchAsync(service, null, r => r with { Filters = Filter(FacetField.Location, "Lusail") })));
        Assert.Equal(["a12"], Ids(await SearchAsync(service, "kushner", r => r with { Filters = Filter(FacetField.Source, "Bloomberg") })));

        // And back: values the first instance adds continue the numbering the second one wrote.
        await service.IndexAsync([Corpus.Get("a04") with { Source = "Sky" }], Ct);
        var seenByCli = await SearchAsync(cli, null);
        Assert.Contains(new FacetCount("Sky", 1), seenByCli.Facets["source"]);
        Assert.Contains(new FacetCount("AFP", 1), seenByCli.Facets["source"]);
        Assert.Contains(new FacetCount("Lusail", 1), seenByCli.Facets["location"]);
    }

    [Fact]
    public async Task ConcurrentSearches_WhileIndexing_AllSucceed()
    {
        var index = Open(DatabasePath, o => o.ReaderConnections = 3);
        await index.IndexAsync(Corpus.All, Ct);
        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await index.IndexAsync([Corpus.Get("a02") with { Id = $"extra-{i}", Title = $"Convoy {i} reaches Rafah" }], Ct);
            }
        });
        var searches = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var result = await SearchAsync(index, "rafah");
                Assert.True(result.Total >= 2);
                Assert.Equal(result.Total, result.Facets["language"].Sum(f => f.Count));
            }
        })).ToList();

        await Task.WhenAll(searches.Append(writes));

        Assert.Equal(22, (await SearchAsync(index, "rafah")).Total);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("title:gaza")]
    [InlineData("NEAR(a b, 2)")]
    [InlineData("a + b")]
    [InlineData("* OR x")]
    [InlineData("(")]
    public async Task SearchAsync_FtsSyntaxInUserText_NeverLeaksSqliteException(string text)
    {
        var index = await CreateCorpusIndexAsync();

        var exception = await Record.ExceptionAsync(async () =>
            await index.SearchAsync(new SearchRequest { Query = QuerySyntax.Parse(text) }, Ct));

        Assert.True(exception is null or QuerySyntaxException, exception?.ToString());
    }

    [Fact]
    public async Task SearchAsync_HandBuiltNodeFts5CannotRun_ThrowsQuerySyntaxException()
    {
        var index = await CreateCorpusIndexAsync();
        var exclusionInsideOr = new OrNode([new TermNode("gaza"), new NotNode(new TermNode("miami"))]);

        var ex = await Assert.ThrowsAsync<QuerySyntaxException>(() =>
            index.SearchAsync(new SearchRequest { Query = exclusionInsideOr }, Ct));

        Assert.Contains("OR", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ceasefire")]
    [InlineData("gaza -football")]
    [InlineData("-gaza")]
    [InlineData("zurich OR \"board of peace\"")]
    [InlineData("summ*")]
    [InlineData("sao paulo")]
    [InlineData(null)]
    public async Task RuleMatcher_SameQueryAndFilters_AgreesWithSearch(string? text)
    {
        var index = await CreateCorpusIndexAsync();
        using var matcher = new SqliteRuleMatcher();
        var query = QuerySyntax.Parse(text);
        var filterSets = new[]
        {
            new Dictionary<FacetField, IReadOnlyList<string>>(),
            Filter(FacetField.Source, "Reuters", "AP"),
            Filter(FacetField.Location, "Gaza", "Zürich"),
            new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Language] = ["en"], [FacetField.Story] = ["s-gaza", "s-climate"] },
        };
        var rules = filterSets.Select((f, i) => new RuleQuery($"rule-{i}", query) { Filters = f }).ToList();

        var matches = matcher.Match(Corpus.All, rules);

        for (var i = 0; i < rules.Count; i++)
        {
            var expected = SortedIds(await SearchAsync(index, text, r => r with { Filters = rules[i].Filters }));
            var actual = matches.SingleOrDefault(m => m.RuleId == rules[i].RuleId)?.ArticleIds.Order(StringComparer.Ordinal).ToList() ?? [];
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void RuleMatcher_IncludeDuplicates_MatchesTheCopyToo()
    {
        using var matcher = new SqliteRuleMatcher();

        var matches = matcher.Match(Corpus.All,
        [
            new RuleQuery("collapsed", QuerySyntax.Parse("zurich")),
            new RuleQuery("all", QuerySyntax.Parse("zurich")) { IncludeDuplicates = true },
            new RuleQuery("none", QuerySyntax.Parse("nothingmatchesthis")),
        ]);

        Assert.Equal(["collapsed", "all"], matches.Select(m => m.RuleId));
        Assert.Equal(["a05", "a06"], matches[0].ArticleIds);
        Assert.Equal(["a05", "a06", "a07"], matches[1].ArticleIds);
    }

    [Fact]
    public void RuleMatcher_SuccessiveBatches_SeeOnlyTheirOwnArticles()
    {
        using var matcher = new SqliteRuleMatcher();
        var rule = new RuleQuery("gaza", QuerySyntax.Parse("gaza"));

        var first = matcher.Match(Corpus.All.Take(3).ToList(), [rule]);
        var second = matcher.Match(Corpus.All.Skip(3).ToList(), [rule]);

        Assert.Equal(["a02", "a03"], Assert.Single(first).ArticleIds);
        Assert.Equal(["a04"], Assert.Single(second).ArticleIds);
    }

    [Fact]
    public async Task Initialize_CreatesWalDatabaseWithVersionedSchema()
    {
        var index = Open(DatabasePath);
        await index.InitializeAsync(Ct);

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Initialize_NewerSchemaVersion_RefusesToOpen()
    {
        var index = Open(DatabasePath);
        await index.InitializeAsync(Ct);
        index.Dispose();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 99 WHERE key = 'schema_version'";
            command.ExecuteNonQuery();
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Open(DatabasePath).InitializeAsync(Ct));

        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_ArticleWithoutId_FailsAloneAndTheRestIsIndexed()
    {
        var index = await CreateEmptyIndexAsync(Ct);

        var results = await index.IndexAsync([Corpus.Get("a01"), Corpus.Get("a02") with { Id = " " }, Corpus.Get("a03")], Ct);

        Assert.Equal([IndexOutcome.Created, IndexOutcome.Failed, IndexOutcome.Created], results.Select(r => r.Outcome));
        Assert.NotNull(results[1].Error);
        Assert.Equal(2, await index.CountAsync(Ct));
    }

    [Fact]
    public async Task IndexAsync_CancelledMidBatch_WritesNothingAndTheWriterRecovers()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        using var cancellation = new CancellationTokenSource();
        var batch = new CancelOnRead(Corpus.All, after: 3, cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.IndexAsync(batch, cancellation.Token));

        Assert.Equal(0, await index.CountAsync(Ct));
        Assert.Equal(0, (await SearchAsync(index, null)).Total);
        await index.IndexAsync(Corpus.All, Ct);
        Assert.Equal(Corpus.All.Count, await index.CountAsync(Ct));
        Assert.Equal(("Reuters", 3L), Facet(await SearchAsync(index, null), "source")[0]);
    }

    /// <summary>A batch that cancels its token when the writer reaches a given article.</summary>
    private sealed class CancelOnRead(IReadOnlyList<Article> articles, int after, CancellationTokenSource cancellation) : IReadOnlyList<Article>
    {
        public Article this[int index] => articles[index];

        public int Count => articles.Count;

        public IEnumerator<Article> GetEnumerator()
        {
            for (var i = 0; i < articles.Count; i++)
            {
                if (i == after)
                {
                    cancellation.Cancel();
                }
                yield return articles[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public async Task SearchAsync_BroadQueryAboveExactRankLimit_RanksTitleMatchesFirstThenNewest()
    {
        var index = Open(DatabasePath, o => o.ExactRankLimit = 1);
        await index.IndexAsync(Corpus.All, Ct);

        var result = await SearchAsync(index, "gaza");

        // a04 has Gaza in its title; a03 and a02 only in the body, newest first.
        Assert.Equal(["a04", "a03", "a02"], Ids(result));
        Assert.Contains("<mark>Gaza</mark>", result.Hits[1].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_IdsSharingTheirSortKeyPrefix_TieBreakByFullId()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        var template = Corpus.Get("a10") with { Published = Corpus.At("2025-01-01T00:00:00Z") };
        await index.IndexAsync(
        [
            template with { Id = "0123456789-b" },
            template with { Id = "0123456789-a" },
            template with { Id = "0123456789" },
            template with { Id = "01234567€9" },
            template with { Id = "01234567é9" },
        ], Ct);

        var result = await SearchAsync(index, null, r => r with { Sort = SearchSort.Newest });

        Assert.Equal(["0123456789", "0123456789-a", "0123456789-b", "01234567é9", "01234567€9"], Ids(result));
    }

    [Fact]
    public async Task IndexAsync_ManyUpdates_FacetsStayRightAfterThePoolIsCompacted()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        var template = Corpus.Get("a10");

        // 100 articles with 10 people each, re-indexed 8 times with new people: stale entity entries pile up
        // until they outnumber the live ones and the pool is compacted.
        for (var round = 0; round < 8; round++)
        {
            var batch = Enumerable.Range(0, 100).Select(i => template with
            {
                Id = $"c{i}",
                Source = $"source-{round}",
                Entities = Enumerable.Range(0, 10).Select(j => new ArticleEntity($"P{round}-{j}", EntityType.Person, 1, j, null)).ToList(),
            }).ToList();
            await index.IndexAsync(batch, Ct);
        }
        var result = await SearchAsync(index, null);

        Assert.Equal(100, result.Total);
        Assert.Equal(Enumerable.Range(0, 10).Select(j => ($"P7-{j}", 100L)), Facet(result, "person"));
        Assert.Equal([("source-7", 100L)], Facet(result, "source"));
        Assert.Equal(100, (await SearchAsync(index, null, r => r with { Filters = Filter(FacetField.Person, "P7-9") })).Total);
        Assert.Equal(0, (await SearchAsync(index, null, r => r with { Filters = Filter(FacetField.Person, "P6-9") })).Total);
    }

    [Fact]
    public void Options_InvalidValues_AreAllReportedWithTheirKeys()
    {
        var result = new SqliteIndexOptionsValidator().Validate(null, new SqliteIndexOptions
        {
            Path = " ",
            ReaderConnections = 0,
            BusyTimeout = TimeSpan.Zero,
            ExactRankLimit = -1,
            TitleWeight = 0,
            CacheKib = 1,
        });

        Assert.True(result.Failed);
        Assert.Equal(6, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.StartsWith("Index:Sqlite:", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSqliteSearchIndex_BindsConfigurationAndResolvesOneEngine()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Index:Sqlite:Path"] = DatabasePath,
                ["Index:Sqlite:ReaderConnections"] = "2",
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSqliteSearchIndex();
        await using var provider = services.BuildServiceProvider();

        var index = provider.GetRequiredService<ISearchIndex>();
        await index.InitializeAsync(Ct);

        Assert.Same(provider.GetRequiredService<SqliteSearchIndex>(), index);
        Assert.Equal(2, provider.GetRequiredService<IOptions<SqliteIndexOptions>>().Value.ReaderConnections);
        Assert.Equal(Path.GetFullPath(DatabasePath), ((SqliteSearchIndex)index).Path);
        Assert.NotNull(provider.GetRequiredService<SqliteRuleMatcher>());
    }

    [Fact]
    public void AddSqliteSearchIndex_InvalidConfiguration_FailsValidationNamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Index:Sqlite:ReaderConnections"] = "0" })
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSqliteSearchIndex()
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteIndexOptions>>().Value);

        Assert.Contains("Index:Sqlite:ReaderConnections", ex.Message, StringComparison.Ordinal);
    }
}
