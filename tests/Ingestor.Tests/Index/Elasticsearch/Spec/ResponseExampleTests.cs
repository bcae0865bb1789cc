using System.Text.Json;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch.Spec;

/// <summary>
/// The specification's example responses, read with the client's response types. (They are not all complete
/// enough to pass the response validator, e.g. abbreviated bulk answers, so that is used on our test server's answers only.)
/// </summary>
public sealed class ResponseExampleTests
{
    private static readonly Dictionary<string, Type> ResponseTypes = new(StringComparer.Ordinal)
    {
        ["search"] = typeof(SearchResponse),
        ["bulk"] = typeof(BulkResponse),
        ["count"] = typeof(CountResponse),
        ["index"] = typeof(WriteResponse),
        ["info"] = typeof(InfoResponse),
        ["open_point_in_time"] = typeof(OpenPointInTimeResponse),
        ["close_point_in_time"] = typeof(ClosePointInTimeResponse),
        ["cluster.health"] = typeof(ClusterHealthResponse),
        ["delete_by_query"] = typeof(ReindexResponse),
    };

    public static TheoryData<string> Endpoints() => new(ResponseTypes.Keys);

    private static List<(string File, JsonElement Value)> Examples(string endpoint)
    {
        var examples = new List<(string, JsonElement)>();
        foreach (var kind in new[] { "response", "200_response" })
        {
            foreach (var file in EsSpec.ExampleFiles(endpoint, kind))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(file));
                if (document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object)
                {
                    examples.Add((Path.GetFileName(file), value.Clone()));
                }
            }
        }
        return examples;
    }

    [SkippableTheory]
    [MemberData(nameof(Endpoints))]
    public void ExampleResponses_ParseWithClientTypes(string endpoint)
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var examples = Examples(endpoint);
        Assert.NotEmpty(examples);

        foreach (var (file, value) in examples)
        {
            var parsed = value.Deserialize(ResponseTypes[endpoint], ElasticsearchJson.Wire);
            Assert.True(parsed is not null, file);
        }
    }

    [SkippableFact]
    public void SearchExample_HitsTotalAndSource_AreRead()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var (_, value) = Examples("search").First();

        var response = value.Deserialize<SearchResponse>(ElasticsearchJson.Wire)!;

        Assert.Equal(20, response.Hits.Total!.Value);
        Assert.Equal("eq", response.Hits.Total.Relation);
        Assert.Equal("0", response.Hits.Hits[0].Id);
        Assert.Equal("kimchy", response.Hits.Hits[0].Source!.Value.GetProperty("user").GetProperty("id").GetString());
    }

    [SkippableFact]
    public void BulkExamples_FailedItems_CarryTypeAndReason()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);
        var failed = Examples("bulk")
            .Select(e => e.Value.Deserialize<BulkResponse>(ElasticsearchJson.Wire)!)
            .First(r => r.Errors);

        var items = failed.Results().ToList();

        Assert.Contains(items, i => i.Item.Status == 404 && i.Item.Error is { Type: "document_missing_exception" } e && e.Reason!.Contains("document missing", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Operation == "create" && i.Item.Result == "created" && i.Item.Status == 201);
    }

    [SkippableFact]
    public void InfoExample_VersionIsRead()
    {
        Skip.If(EsSpec.Directory is null, EsSpec.SkipReason);

        var infos = Examples("info").Select(e => e.Value.Deserialize<InfoResponse>(ElasticsearchJson.Wire)!).ToList();

        Assert.All(infos, i => Assert.Matches(@"^\d+\.\d+\.\d+", i.Version.Number));
    }
}
