using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestor.Index.Elasticsearch;

/// <summary>JSON settings for the Elasticsearch wire (field names are given explicitly on every response type).</summary>
public static class ElasticsearchJson
{
    public static JsonSerializerOptions Wire { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary><c>error</c> of an error response or a failed bulk item.</summary>
public sealed record ElasticsearchErrorCause
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("caused_by")] public ElasticsearchErrorCause? CausedBy { get; init; }
    [JsonPropertyName("root_cause")] public IReadOnlyList<ElasticsearchErrorCause>? RootCause { get; init; }

    /// <summary>The reason with its causes, e.g. "failed to parse field [published]: ... (caused by: ...)".</summary>
    public string Describe()
    {
        var reason = Reason ?? Type;
        return CausedBy is { } cause ? $"{reason} (caused by {cause.Type}: {cause.Describe()})" : reason;
    }
}

public sealed record ElasticsearchVersionInfo
{
    [JsonPropertyName("number")] public string Number { get; init; } = "";
    [JsonPropertyName("build_flavor")] public string? BuildFlavor { get; init; }
    [JsonPropertyName("lucene_version")] public string? LuceneVersion { get; init; }
    [JsonPropertyName("minimum_wire_compatibility_version")] public string? MinimumWireCompatibilityVersion { get; init; }
}

/// <summary>GET /.</summary>
public sealed record InfoResponse
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("cluster_name")] public string ClusterName { get; init; } = "";
    [JsonPropertyName("cluster_uuid")] public string? ClusterUuid { get; init; }
    [JsonPropertyName("version")] public ElasticsearchVersionInfo Version { get; init; } = new();
    [JsonPropertyName("tagline")] public string? Tagline { get; init; }
}

public sealed record ShardStatistics
{
    [JsonPropertyName("total")] public int Total { get; init; }
    [JsonPropertyName("successful")] public int Successful { get; init; }
    [JsonPropertyName("failed")] public int Failed { get; init; }
    [JsonPropertyName("skipped")] public int? Skipped { get; init; }
}

public sealed record AcknowledgedResponse
{
    [JsonPropertyName("acknowledged")] public bool Acknowledged { get; init; }
    [JsonPropertyName("index")] public string? Index { get; init; }
    [JsonPropertyName("shards_acknowledged")] public bool? ShardsAcknowledged { get; init; }
}

/// <summary>One result of a bulk request (the value under "index", "create", "update" or "delete").</summary>
public sealed record BulkResponseItem
{
    [JsonPropertyName("_index")] public string Index { get; init; } = "";
    [JsonPropertyName("_id")] public string? Id { get; init; }
    [JsonPropertyName("status")] public int Status { get; init; }
    [JsonPropertyName("result")] public string? Result { get; init; }
    [JsonPropertyName("error")] public ElasticsearchErrorCause? Error { get; init; }
    [JsonPropertyName("_version")] public long? Version { get; init; }
    [JsonPropertyName("_seq_no")] public long? SeqNo { get; init; }
    [JsonPropertyName("_primary_term")] public long? PrimaryTerm { get; init; }
}

public sealed record BulkResponse
{
    [JsonPropertyName("took")] public long Took { get; init; }
    [JsonPropertyName("errors")] public bool Errors { get; init; }

    /// <summary>One single-key object per action, in request order: {"index": {...}}.</summary>
    [JsonPropertyName("items")] public IReadOnlyList<IReadOnlyDictionary<string, BulkResponseItem>> Items { get; init; } = [];

    /// <summary>The item of each action, in request order.</summary>
    public IEnumerable<(string Operation, BulkResponseItem Item)> Results() =>
        Items.Select(i => i.First()).Select(kv => (kv.Key, kv.Value));
}

/// <summary>Index, update and delete answers (WriteResponseBase).</summary>
public sealed record WriteResponse
{
    [JsonPropertyName("_index")] public string Index { get; init; } = "";
    [JsonPropertyName("_id")] public string Id { get; init; } = "";
    [JsonPropertyName("result")] public string Result { get; init; } = "";
    [JsonPropertyName("_version")] public long Version { get; init; }
    [JsonPropertyName("_seq_no")] public long? SeqNo { get; init; }
    [JsonPropertyName("_primary_term")] public long? PrimaryTerm { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
}

/// <summary>GET /{index}/_doc/{id}; <see cref="Source"/> is the stored document.</summary>
public sealed record GetResponse
{
    [JsonPropertyName("_index")] public string Index { get; init; } = "";
    [JsonPropertyName("_id")] public string Id { get; init; } = "";
    [JsonPropertyName("found")] public bool Found { get; init; }
    [JsonPropertyName("_version")] public long? Version { get; init; }
    [JsonPropertyName("_source")] public JsonElement? Source { get; init; }
}

public sealed record CountResponse
{
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
}

public sealed record OpenPointInTimeResponse
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
}

public sealed record ClosePointInTimeResponse
{
    [JsonPropertyName("succeeded")] public bool Succeeded { get; init; }
    [JsonPropertyName("num_freed")] public int NumFreed { get; init; }
}

public sealed record ReindexResponse
{
    [JsonPropertyName("took")] public long Took { get; init; }
    [JsonPropertyName("timed_out")] public bool TimedOut { get; init; }
    [JsonPropertyName("total")] public long Total { get; init; }
    [JsonPropertyName("created")] public long Created { get; init; }
    [JsonPropertyName("updated")] public long Updated { get; init; }
    [JsonPropertyName("version_conflicts")] public long VersionConflicts { get; init; }
    [JsonPropertyName("failures")] public IReadOnlyList<JsonElement> Failures { get; init; } = [];
}

public sealed record ClusterHealthResponse
{
    [JsonPropertyName("cluster_name")] public string ClusterName { get; init; } = "";
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("timed_out")] public bool TimedOut { get; init; }
    [JsonPropertyName("number_of_nodes")] public int NumberOfNodes { get; init; }
}

/// <summary>The aliases of one index in a GET /_alias answer.</summary>
public sealed record IndexAliases
{
    [JsonPropertyName("aliases")] public IReadOnlyDictionary<string, AliasDefinition> Aliases { get; init; } = new Dictionary<string, AliasDefinition>();
}

public sealed record AliasDefinition
{
    [JsonPropertyName("is_write_index")] public bool? IsWriteIndex { get; init; }
}

[JsonConverter(typeof(TotalHitsConverter))]
public sealed record TotalHits(long Value, string Relation);

/// <summary>Reads <c>hits.total</c> as an object ({value, relation}) or, with rest_total_hits_as_int, a number.</summary>
public sealed class TotalHitsConverter : JsonConverter<TotalHits>
{
    public override TotalHits Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new TotalHits(reader.GetInt64(), "eq");
        }
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return new TotalHits(
            root.GetProperty("value").GetInt64(),
            root.TryGetProperty("relation", out var relation) ? relation.GetString() ?? "eq" : "eq");
    }

    public override void Write(Utf8JsonWriter writer, TotalHits value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteNumber("value", value.Value);
        writer.WriteString("relation", value.Relation);
        writer.WriteEndObject();
    }
}

public sealed record SearchHitResult
{
    [JsonPropertyName("_index")] public string Index { get; init; } = "";
    [JsonPropertyName("_id")] public string Id { get; init; } = "";
    [JsonPropertyName("_score")] public double? Score { get; init; }
    [JsonPropertyName("_source")] public JsonElement? Source { get; init; }
    [JsonPropertyName("highlight")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? Highlight { get; init; }
    [JsonPropertyName("sort")] public IReadOnlyList<JsonElement>? Sort { get; init; }
    [JsonPropertyName("fields")] public IReadOnlyDictionary<string, JsonElement>? Fields { get; init; }
}

public sealed record HitsMetadata
{
    [JsonPropertyName("total")] public TotalHits? Total { get; init; }
    [JsonPropertyName("max_score")] public double? MaxScore { get; init; }
    [JsonPropertyName("hits")] public IReadOnlyList<SearchHitResult> Hits { get; init; } = [];
}

public sealed record SearchResponse
{
    [JsonPropertyName("took")] public long Took { get; init; }
    [JsonPropertyName("timed_out")] public bool TimedOut { get; init; }
    [JsonPropertyName("_shards")] public ShardStatistics? Shards { get; init; }
    [JsonPropertyName("hits")] public HitsMetadata Hits { get; init; } = new();
    [JsonPropertyName("aggregations")] public JsonElement? Aggregations { get; init; }
    [JsonPropertyName("pit_id")] public string? PitId { get; init; }

    /// <summary>The top-level aggregations by name, with their typed_keys type ("sterms", "filter", ...).</summary>
    public IReadOnlyDictionary<string, TypedAggregate> Aggs() => TypedAggregate.Children(Aggregations);
}

/// <summary>One aggregation result read from a <c>typed_keys=true</c> answer ("type#name": body).</summary>
public sealed record TypedAggregate(string Type, string Name, JsonElement Body)
{
    /// <summary>Splits every "type#name" property of <paramref name="container"/> that holds an object.</summary>
    public static IReadOnlyDictionary<string, TypedAggregate> Children(JsonElement? container)
    {
        var result = new Dictionary<string, TypedAggregate>(StringComparer.Ordinal);
        if (container is not { ValueKind: JsonValueKind.Object } obj)
        {
            return result;
        }
        foreach (var property in obj.EnumerateObject())
        {
            var hash = property.Name.IndexOf('#', StringComparison.Ordinal);
            if (hash <= 0 || property.Value.ValueKind != JsonValueKind.Object)
            {
                continue; // doc_count, key, meta and other plain fields of a bucket
            }
            var name = property.Name[(hash + 1)..];
            result[name] = new TypedAggregate(property.Name[..hash], name, property.Value);
        }
        return result;
    }

    /// <summary>Sub-aggregations of a single-bucket aggregation such as filter.</summary>
    public IReadOnlyDictionary<string, TypedAggregate> SubAggregations() => Children(Body);

    public long DocCount => Body.TryGetProperty("doc_count", out var count) ? count.GetInt64() : 0;

    /// <summary>The buckets of a multi-bucket aggregation (array form).</summary>
    public IEnumerable<JsonElement> Buckets() =>
        Body.TryGetProperty("buckets", out var buckets) && buckets.ValueKind == JsonValueKind.Array
            ? buckets.EnumerateArray()
            : [];
}
