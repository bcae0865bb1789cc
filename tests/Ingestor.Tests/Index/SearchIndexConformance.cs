using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ingestor.Articles;
using Ingestor.Index;

namespace Ingestor.Tests.Index;

/// <summary>
/// The behaviour every <see cref="ISearchIndex"/> engine must show. An engine's test class derives
/// from this and supplies a fresh, empty index; tests use [SkippableFact] so an engine that needs a
/// server can skip (with its reason) where none is configured. Only public <see cref="ISearchIndex"/>
/// behaviour is used, over the small corpus in <see cref="Corpus"/>.
/// </summary>
public abstract partial class SearchIndexConformance
{
    /// <summary>
    /// A new, empty index, initialized, whose writes are visible to search as soon as
    /// <see cref="ISearchIndex.IndexAsync"/> returns. Call <c>Skip.If(...)</c> here to skip.
    /// </summary>
    protected abstract Task<ISearchIndex> CreateEmptyIndexAsync(CancellationToken cancellationToken);

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A fresh index holding <see cref="Corpus.All"/>.</summary>
    protected async Task<ISearchIndex> CreateCorpusIndexAsync()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        var results = await index.IndexAsync(Corpus.All, Ct);
        Assert.All(results, r => Assert.Equal(IndexOutcome.Created, r.Outcome));
        return index;
    }

    protected static async Task<SearchResult> SearchAsync(ISearchIndex index, string? query, Func<SearchRequest, SearchRequest>? configure = null)
    {
        var request = new SearchRequest { Query = QuerySyntax.Parse(query), Size = SearchRequest.MaxSize };
        return await index.SearchAsync(configure is null ? request : configure(request), Ct);
    }

    protected static List<string> Ids(SearchResult result) => result.Hits.Select(h => h.Id).ToList();

    protected static List<string> SortedIds(SearchResult result) => Ids(result).Order(StringComparer.Ordinal).ToList();

    protected static Dictionary<FacetField, IReadOnlyList<string>> Filter(FacetField field, params string[] values) =>
        new() { [field] = values };

    protected static List<(string Value, long Count)> Facet(SearchResult result, string name) =>
        result.Facets[name].Select(f => (f.Value, f.Count)).ToList();

    // ---- writing, reading, counting ----

    [SkippableFact]
    public async Task CountAsync_EmptyIndex_IsZero()
    {
        var index = await CreateEmptyIndexAsync(Ct);

        Assert.Equal(0, await index.CountAsync(Ct));
    }

    [SkippableFact]
    public async Task IndexAsync_NewArticles_ReportsCreatedAndCountsEveryCopy()
    {
        var index = await CreateEmptyIndexAsync(Ct);

        var results = await index.IndexAsync(Corpus.All, Ct);

        Assert.Equal(Corpus.All.Select(a => a.Id), results.Select(r => r.Id));
        Assert.All(results, r => Assert.Equal(IndexOutcome.Created, r.Outcome));
        Assert.Equal(Corpus.All.Count, await index.CountAsync(Ct));
    }

    [SkippableFact]
    public async Task IndexAsync_SameIdAgain_UpdatesWithoutDuplicating()
    {
        var index = await CreateCorpusIndexAsync();
        var changed = Corpus.Get("a01") with
        {
            Title = "Ceasefire talks collapse in Doha",
            Body = "Negotiators left Doha after the ceasefire talks collapsed on Tuesday.",
            Source = "AFP",
        };

        var results = await index.IndexAsync([changed], Ct);

        Assert.Equal(IndexOutcome.Updated, Assert.Single(results).Outcome);
        Assert.Equal(Corpus.All.Count, await index.CountAsync(Ct));
        Assert.Equal(["a01"], Ids(await SearchAsync(index, "collapsed")));
        Assert.Empty(Ids(await SearchAsync(index, "resume")));
        var sources = Facet(await SearchAsync(index, null), "source");
        Assert.Contains(("AFP", 1L), sources);
        Assert.Contains(("Reuters", 2L), sources);
        Assert.Equal("AFP", (await index.GetAsync("a01", Ct))!.Source);
    }

    [SkippableFact]
    public async Task IndexAsync_SameIdTwiceInOneBatch_KeepsTheLastCopy()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        var first = Corpus.Get("a01");
        var second = first with { Title = "Ceasefire talks postponed" };

        var results = await index.IndexAsync([first, second], Ct);

        Assert.Equal([IndexOutcome.Created, IndexOutcome.Updated], results.Select(r => r.Outcome));
        Assert.Equal(1, await index.CountAsync(Ct));
        Assert.Equal("Ceasefire talks postponed", (await index.GetAsync("a01", Ct))!.Title);
        Assert.Equal(["a01"], Ids(await SearchAsync(index, "postponed")));
    }

    [SkippableFact]
    public async Task IndexAsync_UnchangedArticleAgain_IsUpdatedAndStillFound()
    {
        var index = await CreateCorpusIndexAsync();

        var results = await index.IndexAsync([Corpus.Get("a03")], Ct);

        Assert.Equal(IndexOutcome.Updated, Assert.Single(results).Outcome);
        Assert.Equal(["a03"], Ids(await SearchAsync(index, "witkoff")));
    }

    [SkippableFact]
    public async Task GetAsync_IndexedArticle_RoundTripsEveryField()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        var article = Corpus.FullArticle;
        await index.IndexAsync([article], Ct);

        var stored = await index.GetAsync(article.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(JsonSerializer.Serialize(article, IngestorJson.Compact), JsonSerializer.Serialize(stored, IngestorJson.Compact));
        Assert.Equal(article.Published, stored.Published);
        Assert.Equal(article.Entities, stored.Entities);
    }

    [SkippableFact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var index = await CreateCorpusIndexAsync();

        Assert.Null(await index.GetAsync("no-such-article", Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_IndexedArticle_RemovesItEverywhere()
    {
        var index = await CreateCorpusIndexAsync();

        Assert.True(await index.DeleteAsync("a03", Ct));

        Assert.Equal(Corpus.All.Count - 1, await index.CountAsync(Ct));
        Assert.Null(await index.GetAsync("a03", Ct));
        Assert.Empty(Ids(await SearchAsync(index, "witkoff")));
        var all = await SearchAsync(index, null);
        Assert.Equal(10, all.Total);
        Assert.DoesNotContain(all.Facets["person"], f => f.Value == "Steve Witkoff");
        Assert.Contains(new FacetCount("Jared Kushner", 1), all.Facets["person"]);
    }

    [SkippableFact]
    public async Task DeleteAsync_UnknownId_ReturnsFalse()
    {
        var index = await CreateCorpusIndexAsync();

        Assert.False(await index.DeleteAsync("no-such-article", Ct));
        Assert.Equal(Corpus.All.Count, await index.CountAsync(Ct));
    }

    [SkippableFact]
    public async Task InitializeAsync_CalledAgain_KeepsTheArticles()
    {
        var index = await CreateCorpusIndexAsync();

        await index.InitializeAsync(Ct);

        Assert.Equal(Corpus.All.Count, await index.CountAsync(Ct));
    }

    // ---- query syntax ----

    [SkippableFact]
    public async Task SearchAsync_NoQuery_MatchesEveryOriginal()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null);

        Assert.Equal(11, result.Total);
        Assert.Equal(Corpus.All.Where(a => a.DuplicateOf is null).Select(a => a.Id).Order(StringComparer.Ordinal), SortedIds(result));
    }

    [SkippableTheory]
    [InlineData("ceasefire", "a01 a02")]
    [InlineData("ceasefire Doha", "a01")]
    [InlineData("ceasefire AND doha", "a01")]
    [InlineData("\"board of peace\"", "a03")]
    [InlineData("\"peace board\"", "")]
    [InlineData("Witkoff OR Milei", "a03 a11")]
    [InlineData("(witkoff OR milei) miami", "a03")]
    [InlineData("gaza", "a02 a03 a04")]
    [InlineData("gaza -football", "a02 a03")]
    [InlineData("gaza NOT football", "a02 a03")]
    [InlineData("gaza -(football OR miami)", "a02")]
    [InlineData("summ*", "a06 a09")]
    [InlineData("kush*", "a03 a12")]
    [InlineData("\"jared kush\"*", "a03 a12")]
    [InlineData("nothingmatchesthis", "")]
    public async Task SearchAsync_QuerySyntax_MatchesExpectedArticles(string query, string expected)
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, query);

        Assert.Equal(Split(expected), SortedIds(result));
        Assert.Equal(Split(expected).Count, result.Total);
    }

    [SkippableTheory]
    [InlineData("zurich", "a05 a06")]
    [InlineData("ZÜRICH", "a05 a06")]
    [InlineData("Zürich", "a05 a06")]
    [InlineData("sao paulo", "a05")]
    [InlineData("\"São Paulo\"", "a05")]
    [InlineData("antonio guterres", "a09")]
    [InlineData("celebro", "a11")]
    [InlineData("DÉLÉGUÉS", "a05")]
    public async Task SearchAsync_CaseAndDiacritics_AreIgnored(string query, string expected)
    {
        var index = await CreateCorpusIndexAsync();

        Assert.Equal(Split(expected), SortedIds(await SearchAsync(index, query)));
    }

    [SkippableTheory]
    [InlineData("-gaza", "a01 a05 a06 a08 a09 a10 a11 a12")]
    [InlineData("NOT gaza", "a01 a05 a06 a08 a09 a10 a11 a12")]
    [InlineData("-gaza -zurich", "a01 a08 a09 a10 a11 a12")]
    [InlineData("-(gaza OR zurich)", "a01 a08 a09 a10 a11 a12")]
    [InlineData("-\"board of peace\"", "a01 a02 a04 a05 a06 a08 a09 a10 a11 a12")]
    public async Task SearchAsync_PurelyNegative_MatchesEverythingElse(string query, string expected)
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, query);

        Assert.Equal(Split(expected), SortedIds(result));
        Assert.Equal(Split(expected).Count, result.Total);
    }

    [SkippableFact]
    public async Task SearchAsync_PurelyNegativeWithFilter_AppliesBoth()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "-gaza", r => r with { Filters = Filter(FacetField.Source, "Reuters") });

        Assert.Equal(["a01", "a06"], SortedIds(result));
    }

    [SkippableTheory]
    [InlineData("NEAR(gaza miami)")]
    [InlineData("title:gaza")]
    [InlineData("{title}: gaza")]
    [InlineData("gaza^2")]
    [InlineData("^gaza")]
    [InlineData("gaza:")]
    [InlineData("a.b.c OR x/y")]
    [InlineData("'quoted' \"doubled \"\" quote\"")]
    [InlineData("gaza* -*miami")]
    [InlineData("rowid = 1; DROP TABLE articles")]
    [InlineData("\u0000gaza\u0001")]
    [InlineData("ga\u0000za")]
    [InlineData("AND gaza")]
    [InlineData("gaza OR -miami")]
    [InlineData("💥 emoji")]
    [InlineData("((((gaza))))")]
    [InlineData("\"\"")]
    [InlineData("\"—\"")]
    public async Task SearchAsync_AnyUserText_NeverFailsWithAnEngineError(string text)
    {
        var index = await CreateCorpusIndexAsync();
        QueryNode? query;
        try
        {
            query = QuerySyntax.Parse(text);
        }
        catch (QuerySyntaxException)
        {
            return;
        }

        try
        {
            var result = await index.SearchAsync(new SearchRequest { Query = query }, Ct);
            Assert.True(result.Total >= 0);
        }
        catch (QuerySyntaxException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
        Assert.Equal(Corpus.All.Count, await index.CountAsync(Ct));
    }

    // ---- filters ----

    [SkippableTheory]
    [InlineData(FacetField.Source, "Reuters", "a01 a03 a06")]
    [InlineData(FacetField.Source, "Reuters|AP", "a01 a02 a03 a06 a09")]
    [InlineData(FacetField.Source, "reuters", "")]
    [InlineData(FacetField.Source, "Nobody", "")]
    [InlineData(FacetField.Language, "fr", "a05")]
    [InlineData(FacetField.Language, "es|fr", "a05 a11")]
    [InlineData(FacetField.Person, "Jared Kushner", "a03 a12")]
    [InlineData(FacetField.Person, "António Guterres", "a09")]
    [InlineData(FacetField.Person, "Antonio Guterres", "")]
    [InlineData(FacetField.Organization, "United Nations", "a02 a06")]
    [InlineData(FacetField.Location, "Doha", "a01 a12")]
    [InlineData(FacetField.Location, "Doha|Miami", "a01 a03 a10 a12")]
    [InlineData(FacetField.Location, "miami", "")]
    [InlineData(FacetField.Story, "s-gaza", "a01 a02 a03")]
    [InlineData(FacetField.Story, "s-climate", "a05 a06 a09")]
    public async Task SearchAsync_FilterOnOneField_MatchesAnyOfItsValuesExactly(FacetField field, string values, string expected)
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Filters = Filter(field, values.Split('|')) });

        Assert.Equal(Split(expected), SortedIds(result));
        Assert.Equal(Split(expected).Count, result.Total);
    }

    [SkippableFact]
    public async Task SearchAsync_FiltersOnSeveralFields_MustAllMatch()
    {
        var index = await CreateCorpusIndexAsync();
        var filters = new Dictionary<FacetField, IReadOnlyList<string>>
        {
            [FacetField.Source] = ["Reuters", "Bloomberg"],
            [FacetField.Location] = ["Doha", "Miami"],
        };

        var result = await SearchAsync(index, null, r => r with { Filters = filters });

        Assert.Equal(["a01", "a03", "a12"], SortedIds(result));
    }

    [SkippableFact]
    public async Task SearchAsync_QueryAndFilter_AppliesBoth()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "kushner", r => r with { Filters = Filter(FacetField.Source, "Bloomberg") });

        Assert.Equal(["a12"], Ids(result));
    }

    [SkippableFact]
    public async Task SearchAsync_DateRange_FromInclusiveToExclusive()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with
        {
            From = Corpus.At("2025-03-03T08:00:00Z"),
            To = Corpus.At("2025-03-04T07:00:00Z"),
        });

        Assert.Equal(["a05", "a06"], SortedIds(result));
    }

    [SkippableFact]
    public async Task SearchAsync_OnlyFrom_ExcludesUndatedArticles()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { From = Corpus.At("2025-03-05T00:00:00Z") });

        Assert.Equal(["a11", "a12"], SortedIds(result));
    }

    [SkippableFact]
    public async Task SearchAsync_OnlyTo_ExcludesUndatedArticles()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { To = Corpus.At("2025-03-01T15:30:00Z") });

        Assert.Equal(["a01"], SortedIds(result));
    }

    [SkippableFact]
    public async Task SearchAsync_DateRangeWithOffset_ComparesInstants()
    {
        var index = await CreateCorpusIndexAsync();

        // 2025-03-01T17:30+02:00 is 15:30Z: a02 is on the exclusive bound.
        var result = await SearchAsync(index, null, r => r with
        {
            To = new DateTimeOffset(2025, 3, 1, 17, 30, 0, TimeSpan.FromHours(2)),
        });

        Assert.Equal(["a01"], SortedIds(result));
    }

    // ---- facets ----

    [SkippableFact]
    public async Task SearchAsync_NoQuery_CountsEveryFacetByCountThenValue()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null);

        Assert.Equal(new[] { "person", "organization", "location", "source", "language", "story" }.Order(StringComparer.Ordinal),
            result.Facets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            [("Reuters", 3L), ("AP", 2L), ("BBC", 1L), ("Bloomberg", 1L), ("El País", 1L), ("Le Monde", 1L), ("Miami Herald", 1L), ("The Register", 1L)],
            Facet(result, "source"));
        Assert.Equal([("en", 9L), ("es", 1L), ("fr", 1L)], Facet(result, "language"));
        Assert.Equal([("Jared Kushner", 2L), ("António Guterres", 1L), ("Javier Milei", 1L), ("Steve Witkoff", 1L)], Facet(result, "person"));
        Assert.Equal([("United Nations", 2L), ("Affinity Partners", 1L), ("Board of Peace", 1L), ("Hamas", 1L), ("OWASP", 1L)], Facet(result, "organization"));
        Assert.Equal([("s-climate", 3L), ("s-gaza", 3L)], Facet(result, "story"));
        Assert.Equal(
            [("Gaza", 3L), ("Doha", 2L), ("Egypt", 2L), ("Miami", 2L), ("Qatar", 2L), ("Rafah", 2L), ("Zürich", 2L), ("Argentina", 1L), ("Buenos Aires", 1L), ("Israel", 1L)],
            Facet(result, "location"));
    }

    [SkippableFact]
    public async Task SearchAsync_FacetSize_LimitsValuesPerFacet()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { FacetSize = 3 });

        Assert.Equal([("Gaza", 3L), ("Doha", 2L), ("Egypt", 2L)], Facet(result, "location"));
        Assert.Equal([("Reuters", 3L), ("AP", 2L), ("BBC", 1L)], Facet(result, "source"));
    }

    [SkippableFact]
    public async Task SearchAsync_Query_CountsFacetsOverMatchesOnly()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "gaza");

        Assert.Equal([("AP", 1L), ("BBC", 1L), ("Reuters", 1L)], Facet(result, "source"));
        Assert.Equal([("Gaza", 3L), ("Rafah", 2L), ("Egypt", 1L), ("Jordan", 1L), ("Miami", 1L)], Facet(result, "location"));
        Assert.Equal([("s-gaza", 2L)], Facet(result, "story"));
    }

    [SkippableFact]
    public async Task SearchAsync_FilterOnAField_LeavesThatFieldsOwnFacetUnfiltered()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Filters = Filter(FacetField.Source, "Reuters") });

        Assert.Equal(3, result.Total);
        Assert.Equal(("Reuters", 3L), Facet(result, "source")[0]);
        Assert.Equal(8, result.Facets["source"].Count);
        Assert.Equal([("en", 3L)], Facet(result, "language"));
        Assert.Equal([("s-gaza", 2L), ("s-climate", 1L)], Facet(result, "story"));
    }

    [SkippableFact]
    public async Task SearchAsync_FiltersOnTwoFields_EachFacetKeepsTheOtherFilter()
    {
        var index = await CreateCorpusIndexAsync();
        var filters = new Dictionary<FacetField, IReadOnlyList<string>>
        {
            [FacetField.Source] = ["Reuters"],
            [FacetField.Language] = ["fr"],
        };

        var result = await SearchAsync(index, null, r => r with { Filters = filters });

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.Equal([("Le Monde", 1L)], Facet(result, "source"));
        Assert.Equal([("en", 3L)], Facet(result, "language"));
        Assert.Empty(Facet(result, "location"));
        Assert.Empty(result.Histogram);
    }

    [SkippableFact]
    public async Task SearchAsync_EntityFilter_LeavesItsFacetUnfilteredAndFiltersTheOthers()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Filters = Filter(FacetField.Location, "Doha", "Miami") });

        Assert.Equal(4, result.Total);
        Assert.Equal(("Gaza", 3L), Facet(result, "location")[0]);
        Assert.Equal([("Reuters", 2L), ("Bloomberg", 1L), ("Miami Herald", 1L)], Facet(result, "source"));
        Assert.Equal([("Jared Kushner", 2L), ("Steve Witkoff", 1L)], Facet(result, "person"));
    }

    // ---- histogram ----

    [SkippableFact]
    public async Task SearchAsync_Histogram_OneBucketPerUtcDayAscending()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null);

        Assert.Equal(
            [(new DateOnly(2025, 3, 1), 2L), (new DateOnly(2025, 3, 2), 2L), (new DateOnly(2025, 3, 3), 2L), (new DateOnly(2025, 3, 4), 2L), (new DateOnly(2025, 3, 5), 2L)],
            result.Histogram.Select(b => (b.Date, b.Count)));
    }

    [SkippableFact]
    public async Task SearchAsync_HistogramWithQueryAndFilters_CountsOnlyAcceptedArticles()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "gaza OR doha", r => r with { Filters = Filter(FacetField.Source, "Reuters", "BBC", "Bloomberg") });

        Assert.Equal(["a01", "a03", "a04", "a12"], SortedIds(result));
        Assert.Equal(
            [(new DateOnly(2025, 3, 1), 1L), (new DateOnly(2025, 3, 2), 2L), (new DateOnly(2025, 3, 5), 1L)],
            result.Histogram.Select(b => (b.Date, b.Count)));
    }

    [SkippableFact]
    public async Task SearchAsync_ArticleLateInTheUtcDay_LandsInItsUtcDay()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        await index.IndexAsync([Corpus.Get("a01") with { Published = new DateTimeOffset(2025, 3, 2, 1, 30, 0, TimeSpan.FromHours(5)) }], Ct);

        var result = await SearchAsync(index, null);

        Assert.Equal([(new DateOnly(2025, 3, 1), 1L)], result.Histogram.Select(b => (b.Date, b.Count)));
    }

    // ---- collapse ----

    [SkippableFact]
    public async Task SearchAsync_CollapseOff_ShowsDuplicatesEverywhere()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "zurich", r => r with { Collapse = false });

        Assert.Equal(["a05", "a06", "a07"], SortedIds(result));
        Assert.Contains(("Yahoo News", 1L), Facet(result, "source"));
        Assert.Equal([(new DateOnly(2025, 3, 3), 3L)], result.Histogram.Select(b => (b.Date, b.Count)));
    }

    [SkippableFact]
    public async Task SearchAsync_CollapseOn_HidesDuplicatesFromTotalsFacetsAndHistogram()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "zurich");

        Assert.Equal(["a05", "a06"], SortedIds(result));
        Assert.Equal(2, result.Total);
        Assert.DoesNotContain(result.Facets["source"], f => f.Value == "Yahoo News");
        Assert.Equal([("Zürich", 2L), ("Nairobi", 1L), ("São Paulo", 1L)], Facet(result, "location"));
        Assert.Equal([(new DateOnly(2025, 3, 3), 2L)], result.Histogram.Select(b => (b.Date, b.Count)));
    }

    // ---- sorting and paging ----

    [SkippableFact]
    public async Task SearchAsync_SortNewest_OrdersByPublishedThenIdWithUndatedLast()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Sort = SearchSort.Newest });

        Assert.Equal(["a11", "a12", "a09", "a08", "a06", "a05", "a04", "a03", "a02", "a01", "a10"], Ids(result));
    }

    [SkippableFact]
    public async Task SearchAsync_SortNewestWithQuery_OrdersMatchesByPublished()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "gaza", r => r with { Sort = SearchSort.Newest });

        Assert.Equal(["a04", "a03", "a02"], Ids(result));
    }

    [SkippableFact]
    public async Task SearchAsync_RelevanceWithoutQuery_FallsBackToNewest()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Sort = SearchSort.Relevance });

        Assert.Equal(["a11", "a12", "a09", "a08", "a06", "a05", "a04", "a03", "a02", "a01", "a10"], Ids(result));
    }

    [SkippableTheory]
    [InlineData("rafah", "a02", "a04")]
    [InlineData("ceasefire", "a01", "a02")]
    [InlineData("emissions", "a06", "")]
    public async Task SearchAsync_Relevance_RanksTitleMatchesAboveBodyMatches(string query, string first, string second)
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, query);

        Assert.Equal(Split(first + " " + second), Ids(result));
    }

    [SkippableFact]
    public async Task SearchAsync_RelevanceTies_BreakByNewestThenId()
    {
        var index = await CreateEmptyIndexAsync(Ct);
        var template = Corpus.Get("a10") with { Title = "Harbour", Body = "Harbour cranes.", Entities = [] };
        await index.IndexAsync(
        [
            template with { Id = "t3", Published = Corpus.At("2025-01-01T00:00:00Z") },
            template with { Id = "t2", Published = Corpus.At("2025-01-02T00:00:00Z") },
            template with { Id = "t1", Published = Corpus.At("2025-01-01T00:00:00Z") },
            template with { Id = "t0", Published = null },
        ], Ct);

        var result = await SearchAsync(index, "harbour");

        Assert.Equal(["t2", "t1", "t3", "t0"], Ids(result));
    }

    [SkippableFact]
    public async Task SearchAsync_Pages_AreConsecutiveSlicesOfOneOrder()
    {
        var index = await CreateCorpusIndexAsync();
        var all = Ids(await SearchAsync(index, null, r => r with { Sort = SearchSort.Newest }));

        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await SearchAsync(index, null, r => r with { Sort = SearchSort.Newest, Page = page, Size = 4 });
            Assert.Equal(11, result.Total);
            pages.AddRange(Ids(result));
        }
        var beyond = await SearchAsync(index, null, r => r with { Sort = SearchSort.Newest, Page = 4, Size = 4 });

        Assert.Equal(all, pages);
        Assert.Empty(beyond.Hits);
        Assert.Equal(11, beyond.Total);
    }

    [SkippableFact]
    public async Task SearchAsync_RelevancePages_AreConsecutiveSlicesOfOneOrder()
    {
        var index = await CreateCorpusIndexAsync();
        var all = Ids(await SearchAsync(index, "gaza OR doha OR summit OR kushner"));

        var pages = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            pages.AddRange(Ids(await SearchAsync(index, "gaza OR doha OR summit OR kushner", r => r with { Page = page, Size = 2 })));
        }

        Assert.Equal(7, all.Count);
        Assert.Equal(all, pages);
    }

    [SkippableFact]
    public async Task SearchAsync_SizeZero_ReturnsTotalsAndFacetsWithoutHits()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, "gaza", r => r with { Size = 0 });

        Assert.Empty(result.Hits);
        Assert.Equal(3, result.Total);
        Assert.NotEmpty(result.Facets["location"]);
    }

    [SkippableFact]
    public async Task SearchAsync_SizeAboveMaximum_IsCapped()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Size = SearchRequest.MaxSize * 10 });

        Assert.Equal(11, result.Hits.Count);
    }

    [SkippableFact]
    public async Task SearchAsync_LastAllowedPage_IsEmptyButAccepted()
    {
        var index = await CreateCorpusIndexAsync();

        var result = await SearchAsync(index, null, r => r with { Page = SearchRequest.MaxPage, Size = 1 });

        Assert.Empty(result.Hits);
        Assert.Equal(11, result.Total);
    }

    [SkippableTheory]
    [InlineData(0, 10)]
    [InlineData(-1, 10)]
    [InlineData(SearchRequest.MaxPage + 1, 1)]
    [InlineData(1, -1)]
    public async Task SearchAsync_PageOutOfRange_Throws(int page, int size)
    {
        var index = await CreateCorpusIndexAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SearchAsync(index, null, r => r with { Page = page, Size = size }));
    }

    // ---- hits and snippets ----

    [SkippableFact]
    public async Task SearchAsync_Hit_CarriesTheArticlesFields()
    {
        var index = await CreateCorpusIndexAsync();
        var article = Corpus.Get("a03");

        var hit = Assert.Single((await SearchAsync(index, "witkoff")).Hits);

        Assert.Equal("a03", hit.Id);
        Assert.Equal(article.Title, hit.Title);
        Assert.Equal(article.Url, hit.Url);
        Assert.Equal("Reuters", hit.Source);
        Assert.Equal(article.Published, hit.Published);
        Assert.Equal("en", hit.Language);
        Assert.Equal("s-gaza", hit.StoryId);
        Assert.Equal(article.Entities.Select(e => new HitEntity(e.Name, e.Type)).Order(HitEntityOrder.Instance),
            hit.Entities.Order(HitEntityOrder.Instance));
    }

    [SkippableFact]
    public async Task SearchAsync_Snippet_MarksMatchesInTheBody()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = (await SearchAsync(index, "ceasefire")).Hits.Single(h => h.Id == "a02");

        Assert.Contains("<mark>ceasefire</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("Rafah", hit.Snippet, StringComparison.Ordinal);
        AssertOnlyMarkTags(hit.Snippet);
    }

    [SkippableFact]
    public async Task SearchAsync_Snippet_MarksDiacriticInsensitiveMatchesAsWritten()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = (await SearchAsync(index, "zurich")).Hits.Single(h => h.Id == "a05");

        Assert.Contains("<mark>Zürich</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SearchAsync_Snippet_EscapesStoredMarkup()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = Assert.Single((await SearchAsync(index, "alert")).Hits);

        Assert.Equal("a08", hit.Id);
        Assert.Contains("<mark>alert</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", hit.Snippet, StringComparison.OrdinalIgnoreCase);
        AssertOnlyMarkTags(hit.Snippet);
    }

    [SkippableFact]
    public async Task SearchAsync_MatchOnlyInTitle_SnippetMarksTheTitle()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = Assert.Single((await SearchAsync(index, "injection")).Hits);

        Assert.Contains("<mark>injection</mark>", hit.Snippet, StringComparison.Ordinal);
        AssertOnlyMarkTags(hit.Snippet);
    }

    [SkippableFact]
    public async Task SearchAsync_NoQuery_SnippetIsTheEscapedLeadStart()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = (await SearchAsync(index, null)).Hits.Single(h => h.Id == "a08");

        Assert.StartsWith("A widget that echoes &lt;script&gt;", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>", hit.Snippet, StringComparison.Ordinal);
        AssertOnlyMarkTags(hit.Snippet);
    }

    [SkippableFact]
    public async Task SearchAsync_PurelyNegativeQuery_SnippetIsTheLeadStart()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = (await SearchAsync(index, "-gaza")).Hits.Single(h => h.Id == "a01");

        Assert.StartsWith("Negotiators from Qatar", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SearchAsync_Phrase_MarksThePhraseWords()
    {
        var index = await CreateCorpusIndexAsync();

        var hit = Assert.Single((await SearchAsync(index, "\"board of peace\"")).Hits);

        var marked = MarkedWords().Matches(hit.Snippet).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("Board", string.Join(' ', marked), StringComparison.Ordinal);
        Assert.Contains("Peace", string.Join(' ', marked), StringComparison.Ordinal);
    }

    private static void AssertOnlyMarkTags(string snippet)
    {
        var tags = Regex.Matches(snippet, "<[^>]*>").Select(m => m.Value).Distinct();
        Assert.All(tags, tag => Assert.True(tag is "<mark>" or "</mark>", $"unexpected tag {tag} in {snippet}"));
        Assert.Equal(Regex.Count(snippet, "<mark>"), Regex.Count(snippet, "</mark>"));
    }

    [GeneratedRegex("<mark>(.*?)</mark>")]
    private static partial Regex MarkedWords();

    private static List<string> Split(string ids) =>
        ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    private sealed class HitEntityOrder : IComparer<HitEntity>
    {
        public static HitEntityOrder Instance { get; } = new();

        public int Compare(HitEntity? x, HitEntity? y) =>
            string.CompareOrdinal(x?.Name + "|" + x?.Type, y?.Name + "|" + y?.Type);
    }

    /// <summary>Twelve short articles written for these tests: three sources of Gaza diplomacy, a climate story with a duplicate, and odd ones out.</summary>
    protected static class Corpus
    {
        public static DateTimeOffset At(string iso) =>
            DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public static Article Get(string id) => All.Single(a => a.Id == id);

        private static Article Make(string id, string source, string language, string? published, string? story,
            string title, string body, params (string Name, EntityType Type)[] entities) => new()
            {
                Id = id,
                Title = title,
                Body = body,
                Lead = body.Split("\n\n")[0],
                Url = $"https://news.example/{source.Replace(' ', '-').ToLowerInvariant()}/{id}",
                Source = source,
                Language = language,
                Published = published is null ? null : At(published),
                PublishedSource = published is null ? null : PublishedSource.Feed,
                WordCount = body.Split(' ').Length,
                ContentHash = "hash-" + id,
                StoryId = story,
                Entities = entities.Select((e, i) => new ArticleEntity(e.Name, e.Type, 1, i * 10, null)).ToList(),
            };

        public static IReadOnlyList<Article> All { get; } =
        [
            Make("a01", "Reuters", "en", "2025-03-01T09:00:00Z", "s-gaza",
                "Ceasefire talks resume in Doha",
                "Negotiators from Qatar and Egypt met in Doha on Monday to restart ceasefire talks between Israel and Hamas.\n\nThe mediators said progress was slow but steady.",
                ("Qatar", EntityType.Location), ("Egypt", EntityType.Location), ("Doha", EntityType.Location),
                ("Israel", EntityType.Location), ("Hamas", EntityType.Organization)),
            Make("a02", "AP", "en", "2025-03-01T15:30:00Z", "s-gaza",
                "Aid convoys wait at Rafah crossing",
                "Hundreds of trucks carrying food queued at the Rafah crossing into Gaza as the ceasefire held.\n\nUnited Nations officials urged Egypt to speed up inspections.",
                ("Rafah", EntityType.Location), ("Gaza", EntityType.Location), ("Egypt", EntityType.Location),
                ("United Nations", EntityType.Organization)),
            Make("a03", "Reuters", "en", "2025-03-02T10:00:00Z", "s-gaza",
                "Witkoff meets Kushner in Miami",
                "Steve Witkoff and Jared Kushner discussed the Board of Peace plan for Gaza at a meeting in Miami.\n\nNeither envoy spoke to reporters afterwards.",
                ("Steve Witkoff", EntityType.Person), ("Jared Kushner", EntityType.Person), ("Miami", EntityType.Location),
                ("Gaza", EntityType.Location), ("Board of Peace", EntityType.Organization)),
            Make("a04", "BBC", "en", "2025-03-02T18:00:00Z", null,
                "Gaza youth football team plays first match in years",
                "A youth football team from Gaza played its first international match since the war, drawing with a side from Jordan.\n\nFans who travelled through Rafah cheered every goal.",
                ("Gaza", EntityType.Location), ("Jordan", EntityType.Location), ("Rafah", EntityType.Location)),
            Make("a05", "Le Monde", "fr", "2025-03-03T08:00:00Z", "s-climate",
                "Le sommet de Zürich sur le climat s'ouvre",
                "Les délégués venus de São Paulo et de Nairobi sont arrivés à Zürich pour le sommet.\n\nLes négociations doivent durer trois jours.",
                ("Zürich", EntityType.Location), ("São Paulo", EntityType.Location), ("Nairobi", EntityType.Location)),
            Make("a06", "Reuters", "en", "2025-03-03T12:00:00Z", "s-climate",
                "Climate summit in Zurich seeks a deal on emissions",
                "Negotiators at the Zurich climate summit aim to agree on cuts before Friday.\n\nThe United Nations called the talks decisive.",
                ("Zürich", EntityType.Location), ("United Nations", EntityType.Organization)),
            Make("a07", "Yahoo News", "en", "2025-03-03T12:05:00Z", "s-climate",
                "Climate summit in Zurich seeks a deal on emissions",
                "Negotiators at the Zurich climate summit aim to agree on cuts before Friday.\n\nThe United Nations called the talks decisive. (Syndicated copy.)",
                ("Zürich", EntityType.Location), ("United Nations", EntityType.Organization)) with { DuplicateOf = "a06" },
            Make("a08", "The Register", "en", "2025-03-04T07:00:00Z", null,
                "Researchers warn of script injection in news widgets",
                "A widget that echoes <script>alert(\"pwned\")</script> & similar markup lets attackers run code in readers' browsers.\n\nOWASP recommends escaping every value.",
                ("OWASP", EntityType.Organization)),
            Make("a09", "AP", "en", "2025-03-04T20:00:00Z", "s-climate",
                "Summary: what the summit agreed",
                "António Guterres said the summit agreement was a first step.\n\nCritics called the summary of commitments vague.",
                ("António Guterres", EntityType.Person)),
            Make("a10", "Miami Herald", "en", null, null,
                "Archive: port expansion approved",
                "City commissioners approved the expansion of the cruise terminal in Miami.\n\nConstruction starts next year.",
                ("Miami", EntityType.Location)),
            Make("a11", "El País", "es", "2025-03-05T11:00:00Z", null,
                "Elecciones en Argentina: Milei celebra la victoria",
                "Javier Milei celebró los resultados en Buenos Aires ante miles de simpatizantes.\n\nLa oposición pidió un recuento.",
                ("Javier Milei", EntityType.Person), ("Argentina", EntityType.Location), ("Buenos Aires", EntityType.Location)),
            Make("a12", "Bloomberg", "en", "2025-03-05T11:00:00Z", null,
                "Kushner fund expands in the Gulf",
                "Affinity Partners, the investment firm led by Jared Kushner, opened an office in Doha.\n\nThe fund manages billions for Gulf investors.",
                ("Jared Kushner", EntityType.Person), ("Affinity Partners", EntityType.Organization), ("Doha", EntityType.Location),
                ("Qatar", EntityType.Location)),
        ];

        /// <summary>An article with every field set, for the round trip.</summary>
        public static Article FullArticle { get; } = new()
        {
            Id = "full-1",
            Title = "Ministers meet in Zürich — “historic” talks",
            Body = "First paragraph with <b>markup</b> & ampersands.\n\nSecond paragraph: São Paulo, 北京, emoji 🎉.",
            Lead = "First paragraph with <b>markup</b> & ampersands.",
            Headings = ["Background", "What happens next"],
            Dateline = "ZÜRICH, March 3 (Reuters)",
            Url = "https://news.example/world/ministers-zurich?utm_source=x",
            CanonicalUrl = "https://news.example/world/ministers-zurich",
            Source = "Reuters",
            Authors = ["Anna Müller", "John Smith"],
            Published = new DateTimeOffset(2025, 3, 3, 9, 15, 30, 123, TimeSpan.FromHours(1)),
            PublishedSource = PublishedSource.HtmlMeta,
            Language = "en",
            WordCount = 17,
            ContentHash = "0123456789abcdef0123456789abcdef",
            RemovedBoilerplate = ["Subscribe to our newsletter", "Share this article"],
            Entities =
            [
                new ArticleEntity("Zürich", EntityType.Location, 2, 16, "Q72"),
                new ArticleEntity("Reuters", EntityType.Organization, 1, 0, null),
                new ArticleEntity("Anna Müller", EntityType.Person, 3, 120, null),
                new ArticleEntity("Paris Agreement", EntityType.Misc, 1, 200, "Q21707860"),
            ],
            Ingested = new DateTimeOffset(2025, 3, 3, 9, 20, 0, TimeSpan.Zero),
            StoryId = "story-42",
            DuplicateOf = "orig-7",
            Origin = "feeds/reuters-world",
        };
    }
}
