using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>How a <see cref="SearchRequest"/> becomes a _search body (what --show-query prints).</summary>
public sealed class ElasticsearchQueryBuilderTests
{
    [Theory]
    [InlineData("gaza ceasefire", "gaza ceasefire")]
    [InlineData("gaza AND ceasefire", "gaza ceasefire")]
    [InlineData("\"board of peace\" trump", "\"board of peace\" trump")]
    [InlineData("summ*", "summ*")]
    [InlineData("witkoff OR kushner", "witkoff | kushner")]
    [InlineData("(witkoff OR kushner) miami -football", "(witkoff | kushner) miami -football")]
    [InlineData("gaza NOT (football OR cricket)", "gaza -(football | cricket)")]
    [InlineData("gaza -\"premier league\"", "gaza -\"premier league\"")]
    [InlineData("-football -cricket", "-football -cricket")]
    [InlineData("-football", "-football")]
    [InlineData("a OR b c", "a | (b c)")]
    [InlineData("(a OR b) (c OR d)", "(a | b) (c | d)")]
    [InlineData("((a OR b) c) OR d", "((a | b) c) | d")]
    [InlineData("al-Thani", "al\\-Thani")]
    [InlineData("1+1 x~2 a|b", "1\\+1 x\\~2 a\\|b")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("pre-fix*", "pre\\-fix*")]
    public void ToSimpleQueryString_UserSyntax_IsTranslatedFaithfully(string query, string expected)
    {
        Assert.Equal(expected, ElasticsearchQueryBuilder.ToSimpleQueryString(QuerySyntax.Parse(query)!));
    }

    [Fact]
    public void TextQuery_Words_AreOneSimpleQueryStringOverTitleBoostedAndBody()
    {
        var query = ElasticsearchQueryBuilder.TextQuery(QuerySyntax.Parse("gaza -football"))!;

        Assert.Equal(
            """{"simple_query_string":{"query":"gaza -football","fields":["title^2","body"],"default_operator":"and","flags":"AND|ESCAPE|NOT|OR|PHRASE|PRECEDENCE|PREFIX|WHITESPACE"}}""",
            query.ToJsonString());
    }

    [Fact]
    public void TextQuery_PhrasePrefix_BecomesPhrasePrefixInsideMirroringBool()
    {
        var query = ElasticsearchQueryBuilder.TextQuery(QuerySyntax.Parse("\"board of pe\"* OR (qatar -doha)"))!;

        var should = query["bool"]!["should"]!.AsArray();
        Assert.Equal(1, query["bool"]!["minimum_should_match"]!.GetValue<int>());
        Assert.Equal("phrase_prefix", should[0]!["multi_match"]!["type"]!.GetValue<string>());
        Assert.Equal("board of pe", should[0]!["multi_match"]!["query"]!.GetValue<string>());
        Assert.Equal("qatar -doha", should[1]!["simple_query_string"]!["query"]!.GetValue<string>());
    }

    [Fact]
    public void TextQuery_ExcludedPhrasePrefix_GoesToMustNot()
    {
        var query = ElasticsearchQueryBuilder.TextQuery(QuerySyntax.Parse("gaza -\"al jaz\"*"))!;

        Assert.Equal("gaza", query["bool"]!["must"]![0]!["simple_query_string"]!["query"]!.GetValue<string>());
        Assert.Equal("al jaz", query["bool"]!["must_not"]![0]!["multi_match"]!["query"]!.GetValue<string>());
    }

    [Fact]
    public void TextQuery_Empty_IsNull()
    {
        Assert.Null(ElasticsearchQueryBuilder.TextQuery(null));
    }

    [Fact]
    public void BuildSearch_Defaults_HideDuplicatesFirstPageRelevance()
    {
        var body = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest());

        Assert.Equal("""{"bool":{"must_not":[{"exists":{"field":"duplicate_of"}}]}}""", body["query"]!.ToJsonString());
        Assert.Null(body["post_filter"]);
        Assert.Equal(0, body["from"]!.GetValue<int>());
        Assert.Equal(20, body["size"]!.GetValue<int>());
        Assert.True(body["track_total_hits"]!.GetValue<bool>());
        Assert.Equal("""[{"_score":{"order":"desc"}},{"published":{"order":"desc","missing":"_last"}},{"id":{"order":"asc"}}]""", body["sort"]!.ToJsonString());
        Assert.Equal("""{"match_all":{}}""", body["aggregations"]!["person"]!["filter"]!.ToJsonString());
    }

    [Fact]
    public void BuildSearch_NoCollapse_MatchesAll()
    {
        var body = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest { Collapse = false });

        Assert.Equal("""{"match_all":{}}""", body["query"]!.ToJsonString());
    }

    [Fact]
    public void BuildSearch_NewestPageThree_SortsByPublishedAndOffsets()
    {
        var body = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest { Sort = SearchSort.Newest, Page = 3, Size = 10 });

        Assert.Equal(20, body["from"]!.GetValue<int>());
        Assert.Equal(10, body["size"]!.GetValue<int>());
        Assert.Equal("""[{"published":{"order":"desc","missing":"_last"}},{"id":{"order":"asc"}}]""", body["sort"]!.ToJsonString());
    }

    [Fact]
    public void BuildSearch_DateRange_IsInclusiveFromExclusiveToInUtc()
    {
        var body = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest
        {
            From = new DateTimeOffset(2025, 12, 19, 0, 0, 0, TimeSpan.FromHours(2)),
            To = new DateTimeOffset(2025, 12, 20, 0, 0, 0, TimeSpan.Zero),
        });

        var range = body["query"]!["bool"]!["filter"]![0]!["range"]!["published"]!;
        Assert.Equal("""{"gte":"2025-12-18T22:00:00Z","lt":"2025-12-20T00:00:00Z"}""", range.ToJsonString());
    }

    [Fact]
    public void BuildSearch_Filters_PostFilterAndDisjunctiveFacets()
    {
        var body = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest
        {
            Query = QuerySyntax.Parse("gaza"),
            Filters = new Dictionary<FacetField, IReadOnlyList<string>>
            {
                [FacetField.Person] = ["Steve Witkoff", "Jared Kushner"],
                [FacetField.Source] = ["Example News"],
                [FacetField.Language] = [],
            },
            FacetSize = 5,
        });

        Assert.Equal(
            """{"bool":{"filter":[{"terms":{"person":["Steve Witkoff","Jared Kushner"]}},{"terms":{"source":["Example News"]}}]}}""",
            body["post_filter"]!.ToJsonString());
        var aggregations = body["aggregations"]!;
        // A facet ignores its own filter and applies the others.
        Assert.Equal("""{"bool":{"filter":[{"terms":{"source":["Example News"]}}]}}""", aggregations["person"]!["filter"]!.ToJsonString());
        Assert.Equal("""{"bool":{"filter":[{"terms":{"person":["Steve Witkoff","Jared Kushner"]}}]}}""", aggregations["source"]!["filter"]!.ToJsonString());
        Assert.Equal(body["post_filter"]!.ToJsonString(), aggregations["organization"]!["filter"]!.ToJsonString());
        Assert.Equal(body["post_filter"]!.ToJsonString(), aggregations["histogram"]!["filter"]!.ToJsonString());
        var terms = aggregations["story"]!["aggregations"]!["values"]!["terms"]!;
        Assert.Equal("story_id", terms["field"]!.GetValue<string>());
        Assert.Equal(5, terms["size"]!.GetValue<int>());
        Assert.Equal("""[{"_count":"desc"},{"_key":"asc"}]""", terms["order"]!.ToJsonString());
        var histogram = aggregations["histogram"]!["aggregations"]!["days"]!["date_histogram"]!;
        Assert.Equal("published", histogram["field"]!.GetValue<string>());
        Assert.Equal("day", histogram["calendar_interval"]!.GetValue<string>());
    }

    [Fact]
    public void BuildSearch_Highlight_MarksEscapedFragmentsOfTheSearchedFields()
    {
        var highlight = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest())["highlight"]!;

        Assert.Equal("html", highlight["encoder"]!.GetValue<string>());
        Assert.Equal("<mark>", highlight["pre_tags"]![0]!.GetValue<string>());
        Assert.Equal("</mark>", highlight["post_tags"]![0]!.GetValue<string>());
        Assert.True(highlight["require_field_match"]!.GetValue<bool>());
        Assert.Equal(1, highlight["fields"]!["*"]!["number_of_fragments"]!.GetValue<int>());
        Assert.Equal(0, highlight["fields"]!["*"]!["no_match_size"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, 10)]
    [InlineData(SearchRequest.MaxPage + 1, 1)]
    [InlineData(1, -1)]
    public void Window_PageOrSizeOutOfRange_Throws(int page, int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ElasticsearchQueryBuilder.BuildSearch(new SearchRequest { Page = page, Size = size }));
    }

    [Fact]
    public void BuildSearch_FacetSizeZero_HasOnlyTheHistogram()
    {
        var aggregations = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest { FacetSize = 0 })["aggregations"]!.AsObject();

        Assert.Equal(["histogram"], aggregations.Select(a => a.Key));
    }

    [Fact]
    public void BuildSearch_PointInTimePage_HasPitSearchAfterAndNoIndexWindow()
    {
        var body = ElasticsearchQueryBuilder.BuildSearch(new SearchRequest(), new ElasticsearchQueryBuilder.SearchPage
        {
            Size = 10,
            PointInTimeId = "pit",
            PointInTimeKeepAlive = TimeSpan.FromMinutes(2),
            SearchAfter = [JsonValue.Create(3.5), JsonValue.Create("a1")],
            Aggregations = false,
            Documents = false,
        });

        Assert.Null(body["from"]);
        Assert.Null(body["aggregations"]);
        Assert.False(body["track_total_hits"]!.GetValue<bool>());
        Assert.False(body["_source"]!.GetValue<bool>());
        Assert.Equal("""{"id":"pit","keep_alive":"120s"}""", body["pit"]!.ToJsonString());
        Assert.Equal("""[3.5,"a1"]""", body["search_after"]!.ToJsonString());
    }

    [Theory]
    [InlineData(0, 1, 0, 0)]
    [InlineData(1000, 1, 0, 100)]
    [InlineData(20, 1, 0, 20)]
    [InlineData(20, 500, 9980, 20)]
    public void Window_SizeAboveMaximum_IsCapped(int size, int page, int expectedFrom, int expectedSize)
    {
        Assert.Equal((expectedFrom, expectedSize), ElasticsearchQueryBuilder.Window(new SearchRequest { Size = size, Page = page }));
    }

    [Fact]
    public void RuleQuery_WordsAndFilters_BoolWithMustFilterAndNoDuplicates()
    {
        var query = ElasticsearchQueryBuilder.RuleQuery(new SearchRequest
        {
            Query = QuerySyntax.Parse("miami summit"),
            Filters = new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Person] = ["Steve Witkoff"] },
        });

        Assert.Equal("miami summit", query["bool"]!["must"]![0]!["simple_query_string"]!["query"]!.GetValue<string>());
        Assert.Equal("""[{"bool":{"filter":[{"terms":{"person":["Steve Witkoff"]}}]}}]""", query["bool"]!["filter"]!.ToJsonString());
        Assert.Equal("""[{"exists":{"field":"duplicate_of"}}]""", query["bool"]!["must_not"]!.ToJsonString());
        Assert.Equal("""{"match_all":{}}""", ElasticsearchQueryBuilder.RuleQuery(new SearchRequest { Collapse = false }).ToJsonString());
    }

    [Fact]
    public void PercolateSearch_Batch_CarriesEveryArticleWithRuleFieldsOnly()
    {
        var body = ElasticsearchQueryBuilder.PercolateSearch([TestArticles.Full("a1"), TestArticles.Bare("a2")]);

        var percolate = body["query"]!["percolate"]!;
        Assert.Equal("query", percolate["field"]!.GetValue<string>());
        var documents = percolate["documents"]!.AsArray();
        Assert.Equal(2, documents.Count);
        Assert.Equal("""["Steve Witkoff","Jared Kushner"]""", documents[0]!["person"]!.ToJsonString());
        Assert.Null(documents[0]!["removed_boilerplate"]);
        Assert.Throws<ArgumentException>(() => ElasticsearchQueryBuilder.PercolateSearch([]));
    }

    [Fact]
    public void ReadMatches_PercolateAnswer_MapsSlotsToRules()
    {
        var answer = JsonSerializer.Deserialize<SearchResponse>("""
            {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"failed":0},
             "hits":{"total":{"value":2,"relation":"eq"},"hits":[
               {"_index":"ingestor-alerts","_id":"r1","_score":1,"_source":{"rule_id":"r1","rule_name":"Miami"},"fields":{"_percolator_document_slot":[0,2]}},
               {"_index":"ingestor-alerts","_id":"r2","_score":1,"_source":{"rule_id":"r2"},"fields":{"_percolator_document_slot":[1]}}]}}
            """, ElasticsearchJson.Wire)!;

        var matches = ElasticsearchAlertIndex.ReadMatches(answer).ToList();

        Assert.Equal(("r1", "Miami"), (matches[0].RuleId, matches[0].RuleName));
        Assert.Equal([0, 2], matches[0].Slots);
        Assert.Equal([1], matches[1].Slots);
    }
}
