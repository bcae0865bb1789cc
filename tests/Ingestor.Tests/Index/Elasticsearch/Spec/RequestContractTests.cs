using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch.Spec;

/// <summary>
/// Every request the Elasticsearch engine builds, checked against the 8.19 and main specifications: path,
/// method, query parameters and body; bulk documents and percolator rules also against our strict mappings.
/// </summary>
public sealed class RequestContractTests
{
    private static readonly ElasticsearchOptions Options = new();

    private static readonly Lazy<Dictionary<string, ElasticsearchRequest>> Cases = new(BuildCases);

    public static TheoryData<string, string> AllCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var version in EsSpec.Versions)
        {
            foreach (var name in Cases.Value.Keys)
            {
                data.Add(version, name);
            }
        }
        return data;
    }

    internal static IReadOnlyList<string> Queries { get; } =
    [
        "",
        "gaza",
        "gaza ceasefire",
        "\"board of peace\"",
        "summ*",
        "\"board of pe\"*",
        "witkoff OR kushner",
        "(witkoff OR kushner) miami -football",
        "gaza NOT (football OR cricket)",
        "-football -cricket",
        "al-Thani (a|b) 1+1 x~2 back\\slash",
        "\"board of pe\"* OR (qatar -\"al jazeera\"*)",
    ];

    private static Dictionary<FacetField, IReadOnlyList<string>> Filters(params (FacetField Field, string[] Values)[] filters) =>
        filters.ToDictionary(f => f.Field, f => (IReadOnlyList<string>)f.Values);

    internal static IEnumerable<(string Name, SearchRequest Request)> SearchRequests()
    {
        foreach (var query in Queries)
        {
            yield return ($"query '{query}'", new SearchRequest { Query = QuerySyntax.Parse(query) });
        }
        foreach (var field in Enum.GetValues<FacetField>())
        {
            yield return ($"filter {field}", new SearchRequest
            {
                Query = QuerySyntax.Parse("gaza"),
                Filters = Filters((field, ["A"])),
            });
            yield return ($"filter {field} two values", new SearchRequest
            {
                Filters = Filters((field, ["A", "B"])),
            });
        }
        var all = Filters(
            (FacetField.Person, ["Steve Witkoff", "Jared Kushner"]),
            (FacetField.Organization, ["Reuters"]),
            (FacetField.Location, ["Miami"]),
            (FacetField.Source, ["Example News"]),
            (FacetField.Language, ["en", "fr"]),
            (FacetField.Story, ["story-miami"]));
        foreach (var sort in Enum.GetValues<SearchSort>())
        {
            foreach (var collapse in new[] { true, false })
            {
                foreach (var page in new[] { 1, 3, SearchRequest.MaxPage })
                {
                    yield return ($"all filters sort {sort} collapse {collapse} page {page}", new SearchRequest
                    {
                        Query = QuerySyntax.Parse("(witkoff OR kushner) \"board of peace\" -football"),
                        Filters = all,
                        From = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero),
                        To = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                        Sort = sort,
                        Collapse = collapse,
                        Page = page,
                        Size = SearchRequest.MaxSize,
                        FacetSize = 25,
                    });
                }
            }
        }
        // Every combination of facet filters, with and without a query and a date range.
        var facets = Enum.GetValues<FacetField>();
        for (var mask = 1; mask < 1 << facets.Length; mask++)
        {
            var chosen = facets.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            yield return ($"facets {string.Join('+', chosen)}", new SearchRequest
            {
                Query = mask % 2 == 0 ? QuerySyntax.Parse("gaza -football") : null,
                Filters = Filters(chosen.Select(f => (f, new[] { "A", "B b" })).ToArray()),
                From = mask % 3 == 0 ? new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero) : null,
                To = mask % 3 != 1 ? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) : null,
                Sort = mask % 4 == 0 ? SearchSort.Newest : SearchSort.Relevance,
                Collapse = mask % 5 != 0,
                Page = mask % 7 == 0 ? 2 : 1,
            });
        }
        yield return ("from only", new SearchRequest { From = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero) });
        yield return ("to only", new SearchRequest { To = new DateTimeOffset(2025, 12, 1, 12, 30, 15, 250, TimeSpan.FromHours(2)) });
        yield return ("size zero", new SearchRequest { Size = 0 });
        yield return ("match all, no collapse", new SearchRequest { Collapse = false });
    }

    private static Dictionary<string, ElasticsearchRequest> BuildCases()
    {
        var cases = new Dictionary<string, ElasticsearchRequest>(StringComparer.Ordinal);
        var fixedReplicas = new ElasticsearchOptions { NumberOfReplicas = 1, NumberOfShards = 3 };
        var index = Options.VersionedIndex(1);

        cases["info"] = ElasticsearchRequests.Info();
        cases["cluster health"] = ElasticsearchRequests.ClusterHealth("yellow", TimeSpan.FromSeconds(30));
        cases["put settings component"] = ElasticsearchRequests.PutComponentTemplate(ElasticsearchTemplates.SettingsComponentName(Options), ElasticsearchTemplates.SettingsComponent(Options));
        cases["put settings component, fixed replicas"] = ElasticsearchRequests.PutComponentTemplate("x-settings", ElasticsearchTemplates.SettingsComponent(fixedReplicas));
        cases["put mappings component"] = ElasticsearchRequests.PutComponentTemplate(ElasticsearchTemplates.MappingsComponentName(Options), ElasticsearchTemplates.MappingsComponent());
        cases["put index template"] = ElasticsearchRequests.PutIndexTemplate(ElasticsearchTemplates.IndexTemplateName(Options), ElasticsearchTemplates.IndexTemplate(Options));
        cases["index exists"] = ElasticsearchRequests.IndexExists(index);
        cases["create article index"] = ElasticsearchRequests.CreateIndex(index, ElasticsearchTemplates.CreateArticleIndex(Options));
        cases["create article index without aliases"] = ElasticsearchRequests.CreateIndex(Options.VersionedIndex(2), ElasticsearchTemplates.CreateArticleIndex(Options, withAliases: false));
        cases["create alerts index"] = ElasticsearchRequests.CreateIndex(Options.AlertsIndex, ElasticsearchTemplates.CreateAlertsIndex(Options));
        cases["create alerts index, fixed replicas"] = ElasticsearchRequests.CreateIndex(Options.AlertsIndex, ElasticsearchTemplates.CreateAlertsIndex(fixedReplicas));
        cases["delete index"] = ElasticsearchRequests.DeleteIndex(index);
        cases["get alias"] = ElasticsearchRequests.GetAlias(Options.WriteAlias);
        cases["add aliases"] = ElasticsearchRequests.UpdateAliases(new JsonObject
        {
            ["actions"] = new JsonArray(
                ElasticsearchSearchIndex.AliasAction("add", index, Options.ReadAlias),
                ElasticsearchSearchIndex.AliasAction("add", index, Options.WriteAlias, isWriteIndex: true)),
        });
        cases["swap aliases and remove old index"] = ElasticsearchRequests.UpdateAliases(new JsonObject
        {
            ["actions"] = new JsonArray(
                ElasticsearchSearchIndex.AliasAction("remove", index, Options.ReadAlias),
                ElasticsearchSearchIndex.AliasAction("add", Options.VersionedIndex(2), Options.ReadAlias),
                new JsonObject { ["remove_index"] = new JsonObject { ["index"] = index } }),
        });
        cases["reindex"] = ElasticsearchRequests.Reindex(ElasticsearchSearchIndex.ReindexBody(index, Options.VersionedIndex(2)), TimeSpan.FromHours(1));
        cases["refresh"] = ElasticsearchRequests.Refresh(Options.ReadAlias);
        cases["count"] = ElasticsearchRequests.Count(Options.ReadAlias);
        cases["get document"] = ElasticsearchRequests.GetDocument(Options.ReadAlias, "a/1 ?#");
        foreach (var refresh in Enum.GetValues<ElasticsearchRefresh>())
        {
            cases[$"delete document refresh {refresh}"] = ElasticsearchRequests.DeleteDocument(Options.WriteAlias, "a1", refresh);
            cases[$"bulk refresh {refresh}"] = ElasticsearchRequests.Bulk(Options.WriteAlias, BulkLines(), refresh);
        }
        cases["open point in time"] = ElasticsearchRequests.OpenPointInTime(Options.ReadAlias, TimeSpan.FromMinutes(1));
        cases["close point in time"] = ElasticsearchRequests.ClosePointInTime("46ToAwMDaWR5BXV1aWQy");
        cases["put alert rule"] = ElasticsearchRequests.IndexDocument(Options.AlertsIndex, "rule-1",
            ElasticsearchAlertIndex.RuleDocument("rule-1", "Miami summit", new SearchRequest
            {
                Query = QuerySyntax.Parse("\"board of peace\" (witkoff OR kushner) -football"),
                Filters = Filters((FacetField.Location, ["Miami"]), (FacetField.Language, ["en"])),
            }), ElasticsearchRefresh.WaitFor);
        cases["put alert rule, match all"] = ElasticsearchRequests.IndexDocument(Options.AlertsIndex, "rule-2",
            ElasticsearchAlertIndex.RuleDocument("rule-2", null, new SearchRequest { Collapse = false }), ElasticsearchRefresh.WaitFor);
        cases["percolate"] = ElasticsearchRequests.Search(Options.AlertsIndex,
            ElasticsearchQueryBuilder.PercolateSearch([TestArticles.Full("a1"), TestArticles.Bare("a2"), TestArticles.Full("a3") with { DuplicateOf = "a1" }]));

        foreach (var (name, request) in SearchRequests())
        {
            cases["search " + name] = ElasticsearchRequests.Search(Options.ReadAlias, ElasticsearchQueryBuilder.BuildSearch(request));
            var (from, size) = ElasticsearchQueryBuilder.Window(request);
            if (from > 0)
            {
                // The deep-paging requests: skip with sort values only, then the page itself, over a point in time.
                JsonNode?[] after = [JsonValue.Create(1.25), JsonValue.Create(1766171100000L), JsonValue.Create("a1")];
                cases["search pit first " + name] = ElasticsearchRequests.Search(null, ElasticsearchQueryBuilder.BuildSearch(request,
                    new ElasticsearchQueryBuilder.SearchPage { Size = Math.Min(from, 10_000), PointInTimeId = "pit-id", Aggregations = true, Documents = false }));
                cases["search pit skip " + name] = ElasticsearchRequests.Search(null, ElasticsearchQueryBuilder.BuildSearch(request,
                    new ElasticsearchQueryBuilder.SearchPage { Size = 10_000, SearchAfter = after, PointInTimeId = "pit-id", Aggregations = false, Documents = false }));
                cases["search pit page " + name] = ElasticsearchRequests.Search(null, ElasticsearchQueryBuilder.BuildSearch(request,
                    new ElasticsearchQueryBuilder.SearchPage { Size = size, SearchAfter = after, PointInTimeId = "pit-id", PointInTimeKeepAlive = TimeSpan.FromSeconds(90), Aggregations = false, Documents = true }));
            }
        }
        return cases;
    }

    private static List<JsonNode> BulkLines()
    {
        var lines = new List<JsonNode>();
        foreach (var article in new[] { TestArticles.Full("a1"), TestArticles.Bare("a2"), TestArticles.Full("a3") with { DuplicateOf = "a1", Published = null } })
        {
            lines.Add(new JsonObject { ["index"] = new JsonObject { ["_id"] = article.Id } });
            lines.Add(ArticleDocument.From(article).ToJson());
        }
        return lines;
    }

    internal static IEnumerable<SpecError> CheckDocument(SpecValidator validator, string index, JsonElement document) =>
        MappingCheck.Validate(
            index == Options.AlertsIndex ? ElasticsearchTemplates.AlertsMapping() : ElasticsearchTemplates.ArticleMapping(),
            document,
            query => validator.ValidateType("_types.query_dsl", "QueryContainer", query));

    /// <summary>All checks for one request: the specification, and our mappings for the documents it carries.</summary>
    internal static IReadOnlyList<SpecError> Check(SpecValidator validator, ElasticsearchRequest request)
    {
        var errors = validator.ValidateRequest(request, document => CheckDocument(validator, Options.ReadAlias, document)).ToList();
        if (request.Endpoint == "index" && request.Body is not null)
        {
            var index = Uri.UnescapeDataString(request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0]);
            using var document = JsonDocument.Parse(request.BodyBytes()!);
            errors.AddRange(CheckDocument(validator, index, document.RootElement));
        }
        if (request.Body?["query"]?["percolate"]?["documents"] is JsonArray documents)
        {
            foreach (var percolated in documents)
            {
                using var document = JsonDocument.Parse(percolated!.ToJsonString());
                errors.AddRange(MappingCheck.Validate(ElasticsearchTemplates.AlertsMapping(), document.RootElement)
                    .Select(e => e with { Path = "percolate document " + e.Path }));
            }
        }
        return errors;
    }

    [SkippableTheory]
    [MemberData(nameof(AllCases))]
    public void Request_MatchesSpecification(string version, string name)
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var validator = new SpecValidator(EsSpec.Load(version));
        var request = Cases.Value[name];

        var errors = Check(validator, request);

        Assert.True(errors.Count == 0, $"{request}: {string.Join(Environment.NewLine, errors)}");
    }

    [SkippableFact]
    public void Cases_CoverEveryEndpointTheEngineUses()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var used = Cases.Value.Values.Select(r => r.Endpoint).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(used, new HashSet<string>(StringComparer.Ordinal)
        {
            "info", "cluster.health", "cluster.put_component_template", "indices.put_index_template", "indices.exists",
            "indices.create", "indices.delete", "indices.get_alias", "indices.update_aliases", "indices.refresh", "reindex",
            "bulk", "index", "get", "delete", "search", "count", "open_point_in_time", "close_point_in_time",
        });
    }

    /// <summary>
    /// Every field a search body names (queries, filters, aggregations, sort, _source), with the mapping types that
    /// suit how it is used; the specification cannot see these, and Elasticsearch answers some mistakes (terms on a
    /// text field, a date histogram on a keyword) with wrong results rather than an error.
    /// </summary>
    internal static IEnumerable<(string Path, string Field, string[] Types)> FieldReferences(JsonNode? node, string path = "$")
    {
        string[] exact = ["keyword", "date", "integer"];
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var reference in FieldReferences(array[i], $"{path}[{i}]"))
                    {
                        yield return reference;
                    }
                }
                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var child = path + "." + key;
                    switch (key)
                    {
                        case "terms" or "term" when value is JsonObject clause && clause["field"] is null:
                            foreach (var (field, _) in clause.Where(kv => kv.Key != "boost"))
                            {
                                yield return (child, field, exact);
                            }
                            continue;
                        case "terms" when value is JsonObject aggregation:
                            yield return (child, aggregation["field"]!.GetValue<string>(), exact);
                            continue;
                        case "range" when value is JsonObject clause:
                            foreach (var (field, _) in clause)
                            {
                                yield return (child, field, ["date", "integer"]);
                            }
                            continue;
                        case "date_histogram" when value is JsonObject aggregation:
                            yield return (child, aggregation["field"]!.GetValue<string>(), ["date"]);
                            continue;
                        case "exists" when value is JsonObject clause:
                            yield return (child, clause["field"]!.GetValue<string>(), exact);
                            continue;
                        case "fields" when value is JsonArray fields && (path.EndsWith(".simple_query_string", StringComparison.Ordinal) || path.EndsWith(".multi_match", StringComparison.Ordinal)):
                            foreach (var field in fields)
                            {
                                yield return (child, field!.GetValue<string>().Split('^')[0], ["text"]);
                            }
                            continue;
                        case "sort" when value is JsonArray sorts:
                            foreach (var sort in sorts.OfType<JsonObject>())
                            {
                                foreach (var (field, _) in sort.Where(kv => kv.Key != "_score"))
                                {
                                    yield return (child, field, exact);
                                }
                            }
                            continue;
                        case "_source" when value is JsonObject source && source["includes"] is JsonArray includes:
                            foreach (var field in includes)
                            {
                                yield return (child, field!.GetValue<string>(), []);
                            }
                            continue;
                        case "documents" or "document" when path.EndsWith(".percolate", StringComparison.Ordinal):
                            continue; // documents, checked against the alerts mapping elsewhere
                    }
                    foreach (var reference in FieldReferences(value, child))
                    {
                        yield return reference;
                    }
                }
                break;
        }
    }

    internal static IEnumerable<string> FieldProblems(JsonObject mapping, JsonNode? body)
    {
        var properties = mapping["properties"]!.AsObject();
        foreach (var (path, field, types) in FieldReferences(body))
        {
            if (properties[field] is not JsonObject definition)
            {
                yield return $"{path}: '{field}' is not in the mapping";
                continue;
            }
            var type = definition["type"]?.GetValue<string>() ?? "object";
            if (types.Length > 0 && !types.Contains(type))
            {
                yield return $"{path}: '{field}' is a {type} field, used where {string.Join(" or ", types)} is needed";
            }
            else if (definition["index"]?.GetValue<bool>() == false && types.Length > 0)
            {
                yield return $"{path}: '{field}' is not indexed";
            }
        }
    }

    public static TheoryData<string> SearchCases() => new(Cases.Value.Where(c => c.Value.Endpoint == "search").Select(c => c.Key));

    [Theory]
    [MemberData(nameof(SearchCases))]
    public void SearchBody_EveryFieldItNames_IsMappedWithASuitableType(string name)
    {
        var request = Cases.Value[name];
        var mapping = request.Path.StartsWith("/" + Options.AlertsIndex + "/", StringComparison.Ordinal)
            ? ElasticsearchTemplates.AlertsMapping()
            : ElasticsearchTemplates.ArticleMapping();

        var references = FieldReferences(request.Body).ToList();

        Assert.NotEmpty(references);
        Assert.Empty(FieldProblems(mapping, request.Body));
    }

    [Fact]
    public void RuleQueries_EveryFieldTheyName_IsInTheAlertsMapping()
    {
        foreach (var (name, request) in SearchRequests())
        {
            var rule = ElasticsearchQueryBuilder.RuleQuery(request);
            Assert.True(!FieldProblems(ElasticsearchTemplates.AlertsMapping(), rule).Any(), $"{name}: {string.Join("; ", FieldProblems(ElasticsearchTemplates.AlertsMapping(), rule))}");
        }
    }

    [Fact]
    public void FieldProblems_UnmappedOrUnsuitableField_AreReported()
    {
        var body = JsonNode.Parse("""
            {"query":{"bool":{"filter":[{"terms":{"persons":["A"]}},{"range":{"word_count":{"gte":1}}},{"terms":{"title":["x"]}}]}},
             "aggregations":{"d":{"date_histogram":{"field":"source","calendar_interval":"day"}}},
             "sort":[{"body":{"order":"asc"}}]}
            """);

        var problems = FieldProblems(ElasticsearchTemplates.ArticleMapping(), body).ToList();

        Assert.Contains(problems, p => p.Contains("'persons' is not in the mapping", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'title' is a text field", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'source' is a keyword field, used where date is needed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'body' is a text field", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("word_count", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Validator_CatchesAMappingMistakeInABulkDocument()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var validator = new SpecValidator(EsSpec.Load("main"));
        var document = ArticleDocument.From(TestArticles.Full()).ToJson();
        document["paragraphs"] = new JsonArray("x");
        document["word_count"] = "many";
        var request = ElasticsearchRequests.Bulk(Options.WriteAlias,
            [new JsonObject { ["index"] = new JsonObject { ["_id"] = "a1" } }, document], ElasticsearchRefresh.False);

        var errors = Check(validator, request);

        Assert.Contains(errors, e => e.Message.Contains("no field 'paragraphs'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("an integer field needs an integer", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Validator_CatchesABrokenPercolatorRule()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var validator = new SpecValidator(EsSpec.Load("main"));
        var rule = ElasticsearchAlertIndex.RuleDocument("r", "n", new SearchRequest());
        rule["query"] = new JsonObject { ["match_all"] = new JsonObject(), ["term"] = new JsonObject { ["x"] = "y" } };

        var errors = Check(validator, ElasticsearchRequests.IndexDocument(Options.AlertsIndex, "r", rule, ElasticsearchRefresh.WaitFor));

        Assert.Contains(errors, e => e.Message.Contains("exactly one variant", StringComparison.Ordinal));
    }
}
