using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;
using Ingestor.Host.Hosting;
using Ingestor.Tests.Host;
using Ingestor.Tests.Index.Elasticsearch.Spec;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>
/// One configuration key picks the engine, and the query API and `ingestor search --json` answer with the same
/// JSON shape on both; `ingestor search --show-query` prints the Elasticsearch body whatever the engine, without a server.
/// </summary>
public sealed class EngineSelectionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A typed_keys answer to the search of <see cref="TestArticles.Full"/>, as Elasticsearch gives it.</summary>
    private static JsonObject SearchAnswer()
    {
        var article = ArticleDocument.From(TestArticles.Full("a1")).ToJson();
        var source = new JsonObject();
        foreach (var field in ElasticsearchQueryBuilder.HitSourceFields)
        {
            source[field] = article[field]?.DeepClone();
        }
        var aggregations = new JsonObject();
        foreach (var facet in ElasticsearchQueryBuilder.Facets)
        {
            var field = ElasticsearchQueryBuilder.FieldName(facet);
            var buckets = new JsonArray();
            foreach (var value in article[field] switch
                     {
                         JsonArray values => values.Select(v => v!.GetValue<string>()),
                         JsonValue value => [value.GetValue<string>()],
                         _ => [],
                     })
            {
                buckets.Add(new JsonObject { ["key"] = value, ["doc_count"] = 1 });
            }
            aggregations["filter#" + ElasticsearchQueryBuilder.FacetName(facet)] = new JsonObject
            {
                ["doc_count"] = 1,
                ["sterms#values"] = new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = 0, ["buckets"] = buckets },
            };
        }
        aggregations["filter#" + ElasticsearchQueryBuilder.HistogramAggregation] = new JsonObject
        {
            ["doc_count"] = 1,
            ["date_histogram#days"] = new JsonObject
            {
                ["buckets"] = new JsonArray(new JsonObject { ["key_as_string"] = "2025-12-19", ["key"] = 1766102400000L, ["doc_count"] = 1 }),
            },
        };
        return new JsonObject
        {
            ["took"] = 3,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["total"] = new JsonObject { ["value"] = 1, ["relation"] = "eq" },
                ["max_score"] = 1.5,
                ["hits"] = new JsonArray(new JsonObject
                {
                    ["_index"] = "ingestor-articles-v1",
                    ["_id"] = "a1",
                    ["_score"] = 1.5,
                    ["_source"] = source,
                    ["sort"] = new JsonArray(1.5, 1766171100000L, "a1"),
                    ["highlight"] = new JsonObject { ["body"] = new JsonArray("MIAMI — Steve Witkoff met Jared Kushner on Friday. The <mark>Gaza</mark> talks") },
                }),
            },
            ["aggregations"] = aggregations,
        };
    }

    private static async Task<FakeElasticsearch> StartClusterAsync()
    {
        var server = await FakeElasticsearch.StartAsync();
        var answer = SearchAnswer();
        server.Handler = r => r.Path.EndsWith("/_search", StringComparison.Ordinal) ? FakeResponse.Ok(answer.DeepClone()) : null;
        return server;
    }

    private static Dictionary<string, string?> ElasticsearchSettings(FakeElasticsearch server) => new()
    {
        ["Index:Engine"] = "elasticsearch",
        ["Elasticsearch:Nodes:0"] = server.Url.ToString(),
        ["Elasticsearch:Username"] = "elastic",
        ["Elasticsearch:Password"] = "secret1",
    };

    /// <summary>Every path in a JSON answer with the kind of value there (null matches any kind, arrays merge their items).</summary>
    private static SortedDictionary<string, string> Shape(JsonNode? node)
    {
        var shape = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject obj:
                    shape[path] = "object";
                    foreach (var (key, value) in obj)
                    {
                        Walk(value, path + "." + key);
                    }
                    break;
                case JsonArray array:
                    shape[path] = "array";
                    foreach (var item in array)
                    {
                        Walk(item, path + "[]");
                    }
                    break;
                case null:
                    shape.TryAdd(path, "null");
                    break;
                default:
                    shape[path] = n.GetValueKind().ToString();
                    break;
            }
        }
        Walk(node, "$");
        return shape;
    }

    private static void AssertSameShape(JsonNode? expected, JsonNode? actual)
    {
        var a = Shape(expected);
        var b = Shape(actual);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (path, kind) in a)
        {
            if (kind != "null" && b[path] != "null")
            {
                Assert.True(kind == b[path], $"{path}: {kind} on one engine, {b[path]} on the other");
            }
        }
    }

    [Fact]
    public async Task SearchApi_EitherEngine_AnswersWithTheSameJsonShape()
    {
        await using var server = await StartClusterAsync();
        JsonNode? embedded;
        await using (var app = await IngestorApp.StartAsync(_temp.Combine("sqlite"), HostRole.Api))
        {
            var index = app.Services.GetRequiredService<ISearchIndex>();
            Assert.Equal("sqlite", index.Engine);
            await index.IndexAsync([TestArticles.Full("a1")], CancellationToken.None);
            embedded = JsonNode.Parse(await app.Client.GetStringAsync("/api/search?q=gaza"));
        }

        JsonNode? elastic;
        await using (var app = await IngestorApp.StartAsync(_temp.Combine("es"), HostRole.Api, ElasticsearchSettings(server)))
        {
            Assert.Equal("elasticsearch", app.Services.GetRequiredService<ISearchIndex>().Engine);
            elastic = JsonNode.Parse(await app.Client.GetStringAsync("/api/search?q=gaza"));
        }

        Assert.Equal(1, elastic!["total"]!.GetValue<long>());
        Assert.Equal(1, embedded!["total"]!.GetValue<long>());
        AssertSameShape(embedded, elastic);
        Assert.Equal(embedded["hits"]![0]!["id"]!.GetValue<string>(), elastic["hits"]![0]!["id"]!.GetValue<string>());
        Assert.Contains(server.Requests, r => r.Path == "/ingestor-articles/_search" && r.Query["typed_keys"] == "true");
    }

    private Task<ProcessOutput> RunCliAsync(IDictionary<string, string?> settings, params string[] arguments) =>
        ProcessRunner.IngestorAsync(
            [.. arguments, "--config", Directory.CreateDirectory(_temp.Combine("config")).FullName, "--data", _temp.Combine("data")],
            settings.Select(s => KeyValuePair.Create("INGESTOR_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value)),
            _temp.Path, isolateEnvironment: true, timeout: TimeSpan.FromMinutes(1));

    [Fact]
    public async Task SearchCli_Json_OnElasticsearch_PrintsWhatTheApiAnswers()
    {
        await using var server = await StartClusterAsync();
        JsonNode? api;
        await using (var app = await IngestorApp.StartAsync(_temp.Combine("es"), HostRole.Api, ElasticsearchSettings(server)))
        {
            api = JsonNode.Parse(await app.Client.GetStringAsync("/api/search?q=gaza&person=Steve%20Witkoff"));
        }

        var (exitCode, stdout, stderr) = await RunCliAsync(ElasticsearchSettings(server), "search", "gaza", "--person", "Steve Witkoff", "--json");

        Assert.True(exitCode == 0, stderr);
        var cli = JsonNode.Parse(stdout)!;
        Assert.True(JsonNode.DeepEquals(api, cli), $"API: {api!.ToJsonString()}\nCLI: {cli.ToJsonString()}");
    }

    public static TheoryData<string> Engines() => new("sqlite", "elasticsearch");

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task SearchCli_ShowQuery_PrintsTheElasticsearchBodyWithoutContactingAnEngine(string engine)
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var settings = engine == "elasticsearch" ? ElasticsearchSettings(server) : new Dictionary<string, string?> { ["Index:Engine"] = "sqlite" };
        var arguments = new[]
        {
            "search", "(witkoff OR kushner) \"board of pe\"* -football", "--person", "Steve Witkoff", "--location", "Miami",
            "--language", "en", "--from", "2025-12-01", "--to", "2025-12-31", "--page", "2", "--size", "10", "--show-query",
        };

        var (exitCode, stdout, stderr) = await RunCliAsync(settings, arguments);

        Assert.True(exitCode == 0, stderr);
        var printed = JsonNode.Parse(stdout)!.AsObject();
        var expected = ElasticsearchQueryBuilder.BuildSearch(new SearchParameters
        {
            Q = arguments[1],
            Person = ["Steve Witkoff"],
            Location = ["Miami"],
            Language = ["en"],
            From = "2025-12-01",
            To = "2025-12-31",
            Page = "2",
            Size = "10",
        }.ToRequest());
        Assert.True(JsonNode.DeepEquals(expected, printed), printed.ToJsonString());
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(_temp.Combine("data", "index.db")), "--show-query opened the embedded index");
        if (EsSpec.Directory is not null)
        {
            foreach (var version in EsSpec.Versions)
            {
                var errors = new SpecValidator(EsSpec.Load(version)).ValidateRequest(ElasticsearchRequests.Search("ingestor-articles", printed));
                Assert.True(errors.Count == 0, $"{version}: {string.Join("; ", errors)}");
            }
        }
    }
}
