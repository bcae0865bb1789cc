using System.Text.Json.Nodes;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>config/kibana/ingestor.ndjson: importable objects whose references resolve and whose fields exist in the mapping.</summary>
public sealed class KibanaSavedObjectsTests
{
    private static List<JsonObject> Objects() =>
        File.ReadAllLines(RepositoryPaths.Combine("config", "kibana", "ingestor.ndjson"))
            .Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();

    private static JsonObject Single(string type, string title) =>
        Objects().Single(o => o["type"]!.GetValue<string>() == type && o["attributes"]!["title"]!.GetValue<string>() == title);

    [Fact]
    public void EveryObject_HasIdTypeAttributesAndResolvableReferences()
    {
        var objects = Objects();
        var ids = objects.Select(o => (o["type"]!.GetValue<string>(), o["id"]!.GetValue<string>())).ToHashSet();

        Assert.Equal(objects.Count, ids.Count);
        foreach (var o in objects)
        {
            Assert.NotNull(o["attributes"]);
            foreach (var reference in o["references"]!.AsArray())
            {
                Assert.Contains((reference!["type"]!.GetValue<string>(), reference["id"]!.GetValue<string>()), ids);
            }
        }
    }

    /// <summary>The oldest Kibana the objects import into: typeMigrationVersion and the formBased Lens datasource came with 8.x releases up to 8.9.</summary>
    private static readonly Version OldestKibana = new(8, 9, 0);

    [Fact]
    public void EveryObject_IsInTheSavedObjectImportFormatOfKibana8And9()
    {
        var allowedKeys = new[] { "id", "type", "managed", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion" };
        var stringEncoded = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["index-pattern"] = ["fields", "fieldAttrs", "fieldFormatMap", "runtimeFieldMap", "sourceFilters", "typeMeta"],
            ["dashboard"] = ["panelsJSON", "optionsJSON"],
        };
        foreach (var o in Objects())
        {
            var id = o["id"]!.GetValue<string>();
            Assert.All(o.Select(kv => kv.Key), key => Assert.Contains(key, allowedKeys));
            Assert.Contains(o["type"]!.GetValue<string>(), new[] { "index-pattern", "search", "lens", "visualization", "dashboard" });
            Assert.Matches("^[a-z0-9-]+$", id);
            Assert.False(string.IsNullOrWhiteSpace(o["attributes"]!["title"]?.GetValue<string>()), id);
            foreach (var key in new[] { "coreMigrationVersion", "typeMigrationVersion" })
            {
                Assert.True(Version.TryParse(o[key]?.GetValue<string>(), out var version) && version <= OldestKibana,
                    $"{id}: {key} must be a version no newer than {OldestKibana}, or older Kibanas refuse the import");
            }
            foreach (var reference in o["references"]!.AsArray())
            {
                Assert.Equal(["id", "name", "type"], reference!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
            }
            foreach (var attribute in stringEncoded.GetValueOrDefault(o["type"]!.GetValue<string>(), []))
            {
                // Kibana keeps these as JSON text, not as nested objects.
                var text = o["attributes"]![attribute]!.GetValue<string>();
                Assert.NotNull(JsonNode.Parse(text));
            }
            if (o["attributes"]!["kibanaSavedObjectMeta"] is JsonObject meta)
            {
                Assert.NotNull(JsonNode.Parse(meta["searchSourceJSON"]!.GetValue<string>()));
            }
        }
    }

    [Fact]
    public void SavedSearch_SortsByMappedDateField()
    {
        var search = Single("search", "Miami summit coverage");
        var mapping = ElasticsearchTemplates.ArticleMapping()["properties"]!.AsObject();

        var sort = search["attributes"]!["sort"]!.AsArray().Select(s => s!.AsArray()).ToList();

        Assert.Equal(("published", "desc"), (sort[0][0]!.GetValue<string>(), sort[0][1]!.GetValue<string>()));
        Assert.All(sort, s => Assert.True(mapping.ContainsKey(s[0]!.GetValue<string>())));
    }

    [Fact]
    public void DataView_CoversArticleIndicesWithPublishedAsTime()
    {
        var view = Objects().Single(o => o["type"]!.GetValue<string>() == "index-pattern");

        Assert.Equal("ingestor-articles*", view["attributes"]!["title"]!.GetValue<string>());
        Assert.Equal("published", view["attributes"]!["timeFieldName"]!.GetValue<string>());
        Assert.Equal("date", ElasticsearchTemplates.ArticleMapping()["properties"]!["published"]!["type"]!.GetValue<string>());
        // The pattern covers the read alias and every versioned index, and not the alerts index.
        var options = new ElasticsearchOptions();
        var pattern = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(view["attributes"]!["title"]!.GetValue<string>()).Replace("\\*", ".*", StringComparison.Ordinal) + "$");
        Assert.Matches(pattern, options.ReadAlias);
        Assert.Matches(pattern, options.VersionedIndex(2));
        Assert.DoesNotMatch(pattern, options.AlertsIndex);
    }

    [Fact]
    public void SavedSearch_MiamiSummitCoverage_UsesTheDataView()
    {
        var search = Single("search", "Miami summit coverage");

        var source = JsonNode.Parse(search["attributes"]!["kibanaSavedObjectMeta"]!["searchSourceJSON"]!.GetValue<string>())!;
        Assert.Contains("miami", source["query"]!["query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("kibanaSavedObjectMeta.searchSourceJSON.index", source["indexRefName"]!.GetValue<string>());
        Assert.Contains(search["references"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "kibanaSavedObjectMeta.searchSourceJSON.index");
        var mapping = ElasticsearchTemplates.ArticleMapping()["properties"]!.AsObject();
        Assert.All(search["attributes"]!["columns"]!.AsArray(), c => Assert.True(mapping.ContainsKey(c!.GetValue<string>())));
    }

    [Fact]
    public void Dashboard_ShowsArticlesOverTimeAndTopPeopleOrganizationsPlacesSources()
    {
        var objects = Objects();
        var dashboard = objects.Single(o => o["type"]!.GetValue<string>() == "dashboard");
        var panels = JsonNode.Parse(dashboard["attributes"]!["panelsJSON"]!.GetValue<string>())!.AsArray();
        var references = dashboard["references"]!.AsArray();
        var mapping = ElasticsearchTemplates.ArticleMapping()["properties"]!.AsObject();

        var fields = new List<(string Operation, string Field)>();
        foreach (var panel in panels)
        {
            var reference = references.Single(r => r!["name"]!.GetValue<string>() == panel!["panelIndex"]!.GetValue<string>() + ":" + panel["panelRefName"]!.GetValue<string>());
            var target = objects.Single(o => o["id"]!.GetValue<string>() == reference!["id"]!.GetValue<string>());
            if (target["type"]!.GetValue<string>() != "lens")
            {
                continue;
            }
            foreach (var (layerId, layer) in target["attributes"]!["state"]!["datasourceStates"]!["formBased"]!["layers"]!.AsObject())
            {
                Assert.Contains(target["references"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "indexpattern-datasource-layer-" + layerId);
                foreach (var (_, column) in layer!["columns"]!.AsObject())
                {
                    var field = column!["sourceField"]!.GetValue<string>();
                    Assert.True(field == "___records___" || mapping.ContainsKey(field), field);
                    fields.Add((column["operationType"]!.GetValue<string>(), field));
                }
            }
        }

        Assert.Contains(("date_histogram", "published"), fields);
        foreach (var field in new[] { "person", "organization", "location", "source" })
        {
            Assert.Contains(("terms", field), fields);
            Assert.Equal("keyword", mapping[field]!["type"]!.GetValue<string>());
        }
    }
}
