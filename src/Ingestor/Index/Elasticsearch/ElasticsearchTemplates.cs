using System.Text.Json.Nodes;

namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// The index design: two component templates (settings with the English analysis chain, and the strict
/// article mapping) composed by one index template for <c>PREFIX-*</c>; a versioned concrete index
/// (<c>PREFIX-v1</c>) behind a read alias (<c>PREFIX</c>) and a write alias (<c>PREFIX-write</c>), so
/// <see cref="ElasticsearchSearchIndex.ReindexAsync"/> can move to a new mapping without downtime; and the
/// percolator index for saved alert rules.
/// </summary>
public static class ElasticsearchTemplates
{
    /// <summary>Bump when the mapping changes incompatibly; existing indices then need a reindex.</summary>
    public const int MappingVersion = 1;

    /// <summary>The analyzer for title, body and the other prose fields.</summary>
    public const string TextAnalyzer = "ingestor_english";

    /// <summary>Above the built-in templates (100) and Elastic's own (500 is reserved for ours to avoid).</summary>
    public const int TemplatePriority = 200;

    public static string IndexTemplateName(ElasticsearchOptions options) => Require(options).IndexPrefix;
    public static string SettingsComponentName(ElasticsearchOptions options) => Require(options).IndexPrefix + "-settings";
    public static string MappingsComponentName(ElasticsearchOptions options) => Require(options).IndexPrefix + "-mappings";

    private static ElasticsearchOptions Require(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }

    private static JsonObject Meta() => new()
    {
        ["managed_by"] = "ingestor",
        ["mapping_version"] = MappingVersion,
    };

    /// <summary>Index settings: shards, replicas, the result window and the English analysis chain.</summary>
    public static JsonObject IndexSettings(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new JsonObject
        {
            ["number_of_shards"] = options.NumberOfShards,
        };
        if (options.NumberOfReplicas is { } replicas)
        {
            settings["number_of_replicas"] = replicas;
        }
        else
        {
            settings["auto_expand_replicas"] = options.AutoExpandReplicas;
        }
        settings["max_result_window"] = options.MaxResultWindow;
        settings["analysis"] = Analysis();
        return settings;
    }

    /// <summary>
    /// English with diacritics folded ("Abbás" finds "Abbas") and possessives removed: the built-in english
    /// analyzer's chain plus asciifolding.
    /// </summary>
    public static JsonObject Analysis() => (JsonObject)JsonNode.Parse("""
        {
          "filter": {
            "ingestor_english_possessive": { "type": "stemmer", "language": "possessive_english" },
            "ingestor_english_stop": { "type": "stop", "stopwords": "_english_" },
            "ingestor_english_stemmer": { "type": "stemmer", "language": "english" }
          },
          "analyzer": {
            "ingestor_english": {
              "type": "custom",
              "tokenizer": "standard",
              "filter": ["ingestor_english_possessive", "lowercase", "asciifolding", "ingestor_english_stop", "ingestor_english_stemmer"]
            }
          }
        }
        """)!;

    /// <summary>The article mapping: strict, searchable prose, keyword facets, and the rest stored for an exact round trip.</summary>
    public static JsonObject ArticleMapping() => (JsonObject)JsonNode.Parse($$"""
        {
          "dynamic": "strict",
          "_meta": { "managed_by": "ingestor", "mapping_version": {{MappingVersion}} },
          "properties": {
            "id": { "type": "keyword" },
            "title": {
              "type": "text", "analyzer": "{{TextAnalyzer}}",
              "fields": { "keyword": { "type": "keyword", "ignore_above": 1024 } }
            },
            "body": { "type": "text", "analyzer": "{{TextAnalyzer}}" },
            "lead": { "type": "text", "analyzer": "{{TextAnalyzer}}" },
            "headings": { "type": "text", "analyzer": "{{TextAnalyzer}}" },
            "dateline": { "type": "keyword", "ignore_above": 512 },
            "url": { "type": "keyword", "ignore_above": 4096 },
            "canonical_url": { "type": "keyword", "ignore_above": 4096 },
            "source": { "type": "keyword" },
            "authors": { "type": "keyword", "ignore_above": 512 },
            "published": { "type": "date" },
            "published_source": { "type": "keyword" },
            "language": { "type": "keyword" },
            "word_count": { "type": "integer" },
            "content_hash": { "type": "keyword" },
            "removed_boilerplate": { "type": "text", "index": false },
            "entities": { "type": "object", "enabled": false },
            "person": { "type": "keyword", "ignore_above": 512 },
            "organization": { "type": "keyword", "ignore_above": 512 },
            "location": { "type": "keyword", "ignore_above": 512 },
            "misc": { "type": "keyword", "ignore_above": 512 },
            "ingested": { "type": "date" },
            "story_id": { "type": "keyword" },
            "duplicate_of": { "type": "keyword" },
            "origin": { "type": "keyword", "index": false }
          }
        }
        """)!;

    /// <summary>PUT _component_template/PREFIX-settings.</summary>
    public static JsonObject SettingsComponent(ElasticsearchOptions options) => new()
    {
        ["template"] = new JsonObject { ["settings"] = IndexSettings(options) },
        ["version"] = MappingVersion,
        ["_meta"] = Meta(),
    };

    /// <summary>PUT _component_template/PREFIX-mappings.</summary>
    public static JsonObject MappingsComponent() => new()
    {
        ["template"] = new JsonObject { ["mappings"] = ArticleMapping() },
        ["version"] = MappingVersion,
        ["_meta"] = Meta(),
    };

    /// <summary>PUT _index_template/PREFIX: composes the two components for PREFIX-*; never auto-creates an index.</summary>
    public static JsonObject IndexTemplate(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new JsonObject
        {
            ["index_patterns"] = new JsonArray(options.IndexPrefix + "-*"),
            ["composed_of"] = new JsonArray(SettingsComponentName(options), MappingsComponentName(options)),
            ["priority"] = TemplatePriority,
            ["version"] = MappingVersion,
            ["allow_auto_create"] = false,
            ["_meta"] = Meta(),
        };
    }

    /// <summary>PUT PREFIX-vN for the first index: settings and mappings come from the template, the aliases from here.</summary>
    public static JsonObject CreateArticleIndex(ElasticsearchOptions options, bool withAliases = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var body = new JsonObject();
        if (withAliases)
        {
            body["aliases"] = new JsonObject
            {
                [options.ReadAlias] = new JsonObject(),
                [options.WriteAlias] = new JsonObject { ["is_write_index"] = true },
            };
        }
        return body;
    }

    /// <summary>The percolator index: saved rules in <c>query</c>, beside the article fields rules can test.</summary>
    public static JsonObject CreateAlertsIndex(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new JsonObject
        {
            ["number_of_shards"] = 1,
        };
        if (options.NumberOfReplicas is { } replicas)
        {
            settings["number_of_replicas"] = replicas;
        }
        else
        {
            settings["auto_expand_replicas"] = options.AutoExpandReplicas;
        }
        settings["analysis"] = Analysis();
        return new JsonObject
        {
            ["settings"] = settings,
            ["mappings"] = AlertsMapping(),
        };
    }

    public static JsonObject AlertsMapping() => (JsonObject)JsonNode.Parse($$"""
        {
          "dynamic": "strict",
          "_meta": { "managed_by": "ingestor", "mapping_version": {{MappingVersion}} },
          "properties": {
            "query": { "type": "percolator" },
            "rule_id": { "type": "keyword" },
            "rule_name": { "type": "keyword" },
            "id": { "type": "keyword" },
            "title": { "type": "text", "analyzer": "{{TextAnalyzer}}" },
            "body": { "type": "text", "analyzer": "{{TextAnalyzer}}" },
            "source": { "type": "keyword" },
            "language": { "type": "keyword" },
            "published": { "type": "date" },
            "story_id": { "type": "keyword" },
            "duplicate_of": { "type": "keyword" },
            "person": { "type": "keyword" },
            "organization": { "type": "keyword" },
            "location": { "type": "keyword" },
            "misc": { "type": "keyword" }
          }
        }
        """)!;

    /// <summary>
    /// What <c>ingestor es template</c> prints: the index template and its component templates, each body
    /// exactly as sent.
    /// </summary>
    public static JsonObject Describe(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new JsonObject
        {
            ["index_template_name"] = IndexTemplateName(options),
            ["index_template"] = IndexTemplate(options),
            ["component_templates"] = new JsonObject
            {
                [SettingsComponentName(options)] = SettingsComponent(options),
                [MappingsComponentName(options)] = MappingsComponent(),
            },
        };
    }

    /// <summary>
    /// The bodies a shell setup (deploy/es-setup.sh) PUTs, by file name: component templates, the index template,
    /// the first article index with its aliases, and the alerts index.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonObject> SetupFiles(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SortedDictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [$"component_template.{SettingsComponentName(options)}.json"] = SettingsComponent(options),
            [$"component_template.{MappingsComponentName(options)}.json"] = MappingsComponent(),
            [$"index_template.{IndexTemplateName(options)}.json"] = IndexTemplate(options),
            [$"index.{options.VersionedIndex(MappingVersion)}.json"] = CreateArticleIndex(options),
            [$"index.{options.AlertsIndex}.json"] = CreateAlertsIndex(options),
        };
    }
}
