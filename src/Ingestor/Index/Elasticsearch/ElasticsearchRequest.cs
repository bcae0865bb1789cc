using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// One call to Elasticsearch, described before it is sent: <see cref="Endpoint"/> is the API name the
/// specification uses (search, bulk, indices.put_index_template, ...), so tests can check the path,
/// the query parameters and the body against the specification without a server.
/// </summary>
public sealed record ElasticsearchRequest(string Endpoint, HttpMethod Method, string Path)
{
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>A JSON body (null: none).</summary>
    public JsonNode? Body { get; init; }

    /// <summary>An NDJSON body, one node per line (bulk).</summary>
    public IReadOnlyList<JsonNode>? Ndjson { get; init; }

    /// <summary>Time allowed for one attempt when longer than the default (reindex).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Statuses that are answers rather than errors (404 for a document that is not there).</summary>
    public IReadOnlyList<int> Expected { get; init; } = [];

    public string PathAndQuery
    {
        get
        {
            if (Query.Count == 0)
            {
                return Path;
            }
            var sb = new StringBuilder(Path).Append('?');
            for (var i = 0; i < Query.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append('&');
                }
                sb.Append(Uri.EscapeDataString(Query[i].Key)).Append('=').Append(Uri.EscapeDataString(Query[i].Value));
            }
            return sb.ToString();
        }
    }

    /// <summary>The body bytes as sent: compact JSON, or NDJSON lines each ending in a newline.</summary>
    public byte[]? BodyBytes()
    {
        if (Ndjson is not null)
        {
            using var stream = new MemoryStream();
            foreach (var line in Ndjson)
            {
                WriteLine(stream, line);
            }
            return stream.ToArray();
        }
        return Body is null ? null : JsonSerializer.SerializeToUtf8Bytes(Body, ElasticsearchJson.Wire);
    }

    internal static void WriteLine(Stream stream, JsonNode line)
    {
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = ElasticsearchJson.Wire.Encoder }))
        {
            line.WriteTo(writer);
        }
        stream.WriteByte((byte)'\n');
    }

    public override string ToString() => Method.Method + " " + PathAndQuery;
}

/// <summary>Builds the requests for exactly the endpoints Ingestor uses; pure, so tests can inspect them.</summary>
public static class ElasticsearchRequests
{
    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static KeyValuePair<string, string> Param(string key, string value) => new(key, value);

    internal static string Duration(TimeSpan value) =>
        value.TotalMilliseconds % 1000 == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    public static ElasticsearchRequest Info() => new("info", HttpMethod.Get, "/");

    public static ElasticsearchRequest PutComponentTemplate(string name, JsonObject body) =>
        new("cluster.put_component_template", HttpMethod.Put, "/_component_template/" + Segment(name)) { Body = body };

    public static ElasticsearchRequest PutIndexTemplate(string name, JsonObject body) =>
        new("indices.put_index_template", HttpMethod.Put, "/_index_template/" + Segment(name)) { Body = body };

    public static ElasticsearchRequest DeleteComponentTemplate(string name) =>
        new("cluster.delete_component_template", HttpMethod.Delete, "/_component_template/" + Segment(name)) { Expected = [404] };

    public static ElasticsearchRequest DeleteIndexTemplate(string name) =>
        new("indices.delete_index_template", HttpMethod.Delete, "/_index_template/" + Segment(name)) { Expected = [404] };

    public static ElasticsearchRequest IndexExists(string index) =>
        new("indices.exists", HttpMethod.Head, "/" + Segment(index)) { Expected = [404] };

    public static ElasticsearchRequest CreateIndex(string index, JsonObject body) =>
        new("indices.create", HttpMethod.Put, "/" + Segment(index)) { Body = body };

    public static ElasticsearchRequest DeleteIndex(string index) =>
        new("indices.delete", HttpMethod.Delete, "/" + Segment(index)) { Expected = [404] };

    /// <summary>GET /_alias/{name}: which indices carry an alias (404 when none).</summary>
    public static ElasticsearchRequest GetAlias(string alias) =>
        new("indices.get_alias", HttpMethod.Get, "/_alias/" + Segment(alias)) { Expected = [404] };

    public static ElasticsearchRequest UpdateAliases(JsonObject body) =>
        new("indices.update_aliases", HttpMethod.Post, "/_aliases") { Body = body };

    public static ElasticsearchRequest Refresh(string index) =>
        new("indices.refresh", HttpMethod.Post, "/" + Segment(index) + "/_refresh");

    /// <summary>A bulk request; <c>require_alias</c> so a missing alias fails instead of auto-creating an index.</summary>
    public static ElasticsearchRequest Bulk(string index, IReadOnlyList<JsonNode> lines, ElasticsearchRefresh refresh, bool requireAlias = true)
    {
        var query = new List<KeyValuePair<string, string>> { Param("refresh", refresh.ToWire()) };
        if (requireAlias)
        {
            query.Add(Param("require_alias", "true"));
        }
        return new ElasticsearchRequest("bulk", HttpMethod.Post, "/" + Segment(index) + "/_bulk") { Ndjson = lines, Query = query };
    }

    public static ElasticsearchRequest IndexDocument(string index, string id, JsonObject document, ElasticsearchRefresh refresh) =>
        new("index", HttpMethod.Put, "/" + Segment(index) + "/_doc/" + Segment(id))
        {
            Body = document,
            Query = [Param("refresh", refresh.ToWire())],
        };

    public static ElasticsearchRequest GetDocument(string index, string id) =>
        new("get", HttpMethod.Get, "/" + Segment(index) + "/_doc/" + Segment(id)) { Expected = [404] };

    public static ElasticsearchRequest DeleteDocument(string index, string id, ElasticsearchRefresh refresh) =>
        new("delete", HttpMethod.Delete, "/" + Segment(index) + "/_doc/" + Segment(id))
        {
            Query = [Param("refresh", refresh.ToWire())],
            Expected = [404],
        };

    /// <summary>A search; <paramref name="index"/> is null when the body carries a point in time.</summary>
    public static ElasticsearchRequest Search(string? index, JsonObject body) =>
        new("search", HttpMethod.Post, (index is null ? "" : "/" + Segment(index)) + "/_search")
        {
            Body = body,
            Query = [Param("typed_keys", "true")],
        };

    public static ElasticsearchRequest Count(string index, JsonObject? body = null) =>
        new("count", HttpMethod.Post, "/" + Segment(index) + "/_count") { Body = body };

    public static ElasticsearchRequest OpenPointInTime(string index, TimeSpan keepAlive) =>
        new("open_point_in_time", HttpMethod.Post, "/" + Segment(index) + "/_pit") { Query = [Param("keep_alive", Duration(keepAlive))] };

    public static ElasticsearchRequest ClosePointInTime(string id) =>
        new("close_point_in_time", HttpMethod.Delete, "/_pit") { Body = new JsonObject { ["id"] = id }, Expected = [404] };

    /// <summary>A server-side copy between indices, waiting for completion and refreshing the destination.</summary>
    public static ElasticsearchRequest Reindex(JsonObject body, TimeSpan timeout) =>
        new("reindex", HttpMethod.Post, "/_reindex")
        {
            Body = body,
            Query = [Param("wait_for_completion", "true"), Param("refresh", "true"), Param("timeout", Duration(timeout))],
            Timeout = timeout + TimeSpan.FromMinutes(1),
        };

    public static ElasticsearchRequest ClusterHealth(string? waitForStatus, TimeSpan timeout)
    {
        var query = new List<KeyValuePair<string, string>> { Param("timeout", Duration(timeout)) };
        if (waitForStatus is not null)
        {
            query.Add(Param("wait_for_status", waitForStatus));
        }
        return new ElasticsearchRequest("cluster.health", HttpMethod.Get, "/_cluster/health") { Query = query, Expected = [408] };
    }
}
