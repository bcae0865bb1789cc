using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>A request as the fake server received it.</summary>
internal sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public IReadOnlyList<JsonNode> NdjsonLines =>
        BodyText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

    /// <summary>The path's segments, each unescaped (an id may contain '/').</summary>
    public string[] Segments => Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => Method + " " + Path;
}

/// <summary>An answer of the fake server; <see cref="ProductHeader"/> false impersonates something that is not Elasticsearch.</summary>
internal sealed record FakeResponse(int Status, JsonNode? Body = null)
{
    public bool ProductHeader { get; init; } = true;
    public string? RetryAfter { get; init; }
    public TimeSpan Delay { get; init; }

    public static FakeResponse Ok(JsonNode body) => new(200, body);

    public static FakeResponse Error(int status, string type, string reason) => new(status, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["root_cause"] = new JsonArray(new JsonObject { ["type"] = type, ["reason"] = reason }),
            ["type"] = type,
            ["reason"] = reason,
        },
        ["status"] = status,
    });
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port 0) that impersonates Elasticsearch: by default a tiny
/// in-memory cluster (templates, indices, aliases, documents, bulk, count, point in time, reindex); tests
/// override answers with <see cref="Handler"/> (return null to fall through to the cluster).
/// </summary>
internal sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeElasticsearch(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public ConcurrentQueue<(FakeRequest Request, FakeResponse Response)> Exchanges { get; } = new();

    public Func<FakeRequest, FakeResponse?>? Handler { get; set; }

    public MiniCluster Cluster { get; } = new();

    /// <param name="certificate">Serve https with this certificate.</param>
    /// <param name="chain">Certificates sent along with it, as Elasticsearch sends its HTTP CA.</param>
    public static async Task<FakeElasticsearch> StartAsync(X509Certificate2? certificate = null, X509Certificate2Collection? chain = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ServerCertificateChain = chain,
                    });
                }
            });
        });
        var app = builder.Build();
        FakeElasticsearch? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeElasticsearch(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = new FakeRequest(
            context.Request.Method,
            // ASP.NET Core leaves %2F encoded in Path; segments are unescaped one by one.
            context.Request.Path.Value ?? "/",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            // Kestrel reuses its header collections after the request: copy them.
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray());
        Requests.Enqueue(request);

        var response = Handler?.Invoke(request) ?? Cluster.Handle(request);
        Exchanges.Enqueue((request, response));
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, context.RequestAborted);
        }
        context.Response.StatusCode = response.Status;
        if (response.ProductHeader)
        {
            context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        }
        if (response.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = response.RetryAfter;
        }
        if (response.Body is not null && request.Method != "HEAD")
        {
            context.Response.ContentType = "application/vnd.elasticsearch+json;compatible-with=8";
            await context.Response.WriteAsync(response.Body.ToJsonString(), context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Just enough of an Elasticsearch cluster for the engine's lifecycle: state in memory, answers shaped like the real ones.</summary>
internal sealed class MiniCluster
{
    private readonly Lock _lock = new();

    public Dictionary<string, JsonNode> ComponentTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonNode> IndexTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, JsonObject>> Indices { get; } = new(StringComparer.Ordinal);
    /// <summary>alias → index → is_write_index.</summary>
    public Dictionary<string, Dictionary<string, bool>> Aliases { get; } = new(StringComparer.Ordinal);
    public HashSet<string> OpenPits { get; } = new(StringComparer.Ordinal);
    private int _pits;

    public FakeResponse Handle(FakeRequest request)
    {
        lock (_lock)
        {
            return Route(request);
        }
    }

    private static JsonObject Shards() => new() { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };

    private static JsonObject Acknowledged() => new() { ["acknowledged"] = true };

    private FakeResponse Route(FakeRequest r)
    {
        var segments = r.Segments;
        switch (r.Method, segments)
        {
            case ("GET", []):
                return FakeResponse.Ok(new JsonObject
                {
                    ["name"] = "fake-node",
                    ["cluster_name"] = "fake",
                    ["cluster_uuid"] = "fake-uuid",
                    ["version"] = new JsonObject
                    {
                        ["number"] = "9.1.0", ["build_flavor"] = "default", ["build_type"] = "docker", ["build_hash"] = "abc",
                        ["build_date"] = "2025-07-09T22:10:13.578182715Z", ["build_snapshot"] = false, ["lucene_version"] = "10.2.2",
                        ["minimum_wire_compatibility_version"] = "8.19.0", ["minimum_index_compatibility_version"] = "8.0.0",
                    },
                    ["tagline"] = "You Know, for Search",
                });
            case ("GET", ["_cluster", "health"]):
                return FakeResponse.Ok(new JsonObject
                {
                    ["cluster_name"] = "fake", ["status"] = "green", ["timed_out"] = false, ["number_of_nodes"] = 1, ["number_of_data_nodes"] = 1,
                    ["active_primary_shards"] = 1, ["active_shards"] = 1, ["relocating_shards"] = 0, ["initializing_shards"] = 0,
                    ["unassigned_shards"] = 0, ["unassigned_primary_shards"] = 0, ["delayed_unassigned_shards"] = 0, ["number_of_pending_tasks"] = 0,
                    ["number_of_in_flight_fetch"] = 0, ["task_max_waiting_in_queue_millis"] = 0, ["active_shards_percent_as_number"] = 100.0,
                });
            case ("PUT", ["_component_template", var name]):
                ComponentTemplates[name] = r.Json!;
                return FakeResponse.Ok(Acknowledged());
            case ("PUT", ["_index_template", var name]):
                IndexTemplates[name] = r.Json!;
                return FakeResponse.Ok(Acknowledged());
            case ("DELETE", ["_component_template", var name]):
                return ComponentTemplates.Remove(name) ? FakeResponse.Ok(Acknowledged()) : FakeResponse.Error(404, "resource_not_found_exception", name);
            case ("DELETE", ["_index_template", var name]):
                return IndexTemplates.Remove(name) ? FakeResponse.Ok(Acknowledged()) : FakeResponse.Error(404, "resource_not_found_exception", name);
            case ("GET", ["_alias", var alias]):
                return GetAlias(alias);
            case ("POST", ["_aliases"]):
                return UpdateAliases(r.Json!["actions"]!.AsArray());
            case ("POST", ["_reindex"]):
                return Reindex(r.Json!);
            case ("DELETE", ["_pit"]):
                var closed = OpenPits.Remove(r.Json!["id"]!.GetValue<string>());
                return new FakeResponse(closed ? 200 : 404, new JsonObject { ["succeeded"] = closed, ["num_freed"] = closed ? 1 : 0 });
            case ("HEAD", [var index]):
                return new FakeResponse(Indices.ContainsKey(index) ? 200 : 404);
            case ("PUT", [var index]):
                return CreateIndex(index, r.Json as JsonObject ?? []);
            case ("DELETE", [var index]):
                if (!Indices.Remove(index))
                {
                    return IndexNotFound(index);
                }
                foreach (var alias in Aliases.Values)
                {
                    alias.Remove(index);
                }
                return FakeResponse.Ok(Acknowledged());
            case ("POST", [var target, "_bulk"]):
                return Bulk(target, r);
            case ("GET", [var target, "_doc", var id]):
                return Get(target, id);
            case ("DELETE", [var target, "_doc", var id]):
                return Delete(target, id);
            case ("PUT", [var target, "_doc", var id]):
                return Put(target, id, (JsonObject)r.Json!);
            case ("POST", [var target, "_count"]):
                return Resolve(target, out var indices)
                    ? FakeResponse.Ok(new JsonObject { ["count"] = indices.Sum(i => Indices[i].Count), ["_shards"] = Shards() })
                    : IndexNotFound(target);
            case ("POST", [var target, "_refresh"]):
                return FakeResponse.Ok(new JsonObject { ["_shards"] = Shards() });
            case ("POST", [var target, "_pit"]):
                if (!Resolve(target, out _))
                {
                    return IndexNotFound(target);
                }
                var pit = "pit-" + (++_pits).ToString(System.Globalization.CultureInfo.InvariantCulture);
                OpenPits.Add(pit);
                return FakeResponse.Ok(new JsonObject { ["id"] = pit, ["_shards"] = Shards() });
            default:
                return FakeResponse.Error(400, "fake_unsupported_exception", $"the fake cluster does not know {r.Method} {r.Path}");
        }
    }

    private static FakeResponse IndexNotFound(string index) =>
        FakeResponse.Error(404, "index_not_found_exception", $"no such index [{index}]");

    /// <summary>The indices a name stands for: an index itself, or every index behind an alias.</summary>
    public bool Resolve(string name, out List<string> indices)
    {
        if (Indices.ContainsKey(name))
        {
            indices = [name];
            return true;
        }
        if (Aliases.TryGetValue(name, out var targets) && targets.Count > 0)
        {
            indices = [.. targets.Keys];
            return true;
        }
        indices = [];
        return false;
    }

    private bool ResolveWrite(string name, out string index)
    {
        if (Indices.ContainsKey(name))
        {
            index = name;
            return true;
        }
        if (Aliases.TryGetValue(name, out var targets) && targets.Count > 0)
        {
            index = targets.Count == 1 ? targets.Keys.First() : targets.FirstOrDefault(t => t.Value).Key;
            return index is not null;
        }
        index = "";
        return false;
    }

    private FakeResponse GetAlias(string alias)
    {
        if (!Aliases.TryGetValue(alias, out var targets) || targets.Count == 0)
        {
            return new FakeResponse(404, new JsonObject { ["error"] = $"alias [{alias}] missing", ["status"] = 404 });
        }
        var body = new JsonObject();
        foreach (var (index, isWrite) in targets)
        {
            var definition = new JsonObject();
            if (isWrite)
            {
                definition["is_write_index"] = true;
            }
            body[index] = new JsonObject { ["aliases"] = new JsonObject { [alias] = definition } };
        }
        return FakeResponse.Ok(body);
    }

    private FakeResponse CreateIndex(string index, JsonObject body)
    {
        if (Indices.ContainsKey(index))
        {
            return FakeResponse.Error(400, "resource_already_exists_exception", $"index [{index}/abc] already exists");
        }
        Indices[index] = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (body["aliases"] is JsonObject aliases)
        {
            foreach (var (alias, definition) in aliases)
            {
                AddAlias(alias, index, definition?["is_write_index"]?.GetValue<bool>() == true);
            }
        }
        return FakeResponse.Ok(new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
    }

    private void AddAlias(string alias, string index, bool isWrite)
    {
        if (!Aliases.TryGetValue(alias, out var targets))
        {
            targets = new Dictionary<string, bool>(StringComparer.Ordinal);
            Aliases[alias] = targets;
        }
        targets[index] = isWrite;
    }

    private FakeResponse UpdateAliases(JsonArray actions)
    {
        foreach (var action in actions)
        {
            var (kind, body) = action!.AsObject().First();
            var index = body!["index"]!.GetValue<string>();
            switch (kind)
            {
                case "add":
                    AddAlias(body["alias"]!.GetValue<string>(), index, body["is_write_index"]?.GetValue<bool>() == true);
                    break;
                case "remove":
                    if (Aliases.TryGetValue(body["alias"]!.GetValue<string>(), out var targets))
                    {
                        targets.Remove(index);
                    }
                    break;
                case "remove_index":
                    Indices.Remove(index);
                    foreach (var alias in Aliases.Values)
                    {
                        alias.Remove(index);
                    }
                    break;
            }
        }
        return FakeResponse.Ok(Acknowledged());
    }

    private FakeResponse Bulk(string target, FakeRequest r)
    {
        var requireAlias = r.Query.TryGetValue("require_alias", out var require) && require == "true";
        if (requireAlias && !Aliases.ContainsKey(target) || !ResolveWrite(target, out var index))
        {
            return IndexNotFound(target);
        }
        var lines = r.NdjsonLines;
        var items = new JsonArray();
        for (var i = 0; i < lines.Count; i += 2)
        {
            var action = lines[i]["index"]!;
            var id = action["_id"]!.GetValue<string>();
            var existed = Indices[index].ContainsKey(id);
            Indices[index][id] = (JsonObject)lines[i + 1].DeepClone();
            items.Add(new JsonObject
            {
                ["index"] = new JsonObject
                {
                    ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["result"] = existed ? "updated" : "created",
                    ["_shards"] = Shards(), ["_seq_no"] = i / 2, ["_primary_term"] = 1, ["status"] = existed ? 200 : 201,
                },
            });
        }
        return FakeResponse.Ok(new JsonObject { ["took"] = 3, ["errors"] = false, ["items"] = items });
    }

    private FakeResponse Get(string target, string id)
    {
        if (!Resolve(target, out var indices))
        {
            return IndexNotFound(target);
        }
        if (indices.Count > 1)
        {
            return FakeResponse.Error(400, "illegal_argument_exception", $"alias [{target}] has more than one index associated with it");
        }
        var index = indices[0];
        return Indices[index].TryGetValue(id, out var source)
            ? FakeResponse.Ok(new JsonObject
            {
                ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["_seq_no"] = 0, ["_primary_term"] = 1, ["found"] = true,
                ["_source"] = source.DeepClone(),
            })
            : new FakeResponse(404, new JsonObject { ["_index"] = index, ["_id"] = id, ["found"] = false });
    }

    private FakeResponse Delete(string target, string id)
    {
        if (!ResolveWrite(target, out var index))
        {
            return IndexNotFound(target);
        }
        var removed = Indices[index].Remove(id);
        return new FakeResponse(removed ? 200 : 404, new JsonObject
        {
            ["_index"] = index, ["_id"] = id, ["_version"] = 2, ["result"] = removed ? "deleted" : "not_found",
            ["_shards"] = Shards(), ["_seq_no"] = 1, ["_primary_term"] = 1,
        });
    }

    private FakeResponse Put(string target, string id, JsonObject document)
    {
        if (!ResolveWrite(target, out var index))
        {
            return IndexNotFound(target);
        }
        var existed = Indices[index].ContainsKey(id);
        Indices[index][id] = (JsonObject)document.DeepClone();
        return new FakeResponse(existed ? 200 : 201, new JsonObject
        {
            ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["result"] = existed ? "updated" : "created",
            ["_shards"] = Shards(), ["_seq_no"] = 0, ["_primary_term"] = 1,
        });
    }

    private FakeResponse Reindex(JsonNode body)
    {
        var source = body["source"]!["index"]!.GetValue<string>();
        var dest = body["dest"]!["index"]!.GetValue<string>();
        var create = body["dest"]!["op_type"]?.GetValue<string>() == "create";
        if (!Indices.TryGetValue(source, out var from) || !Indices.TryGetValue(dest, out var to))
        {
            return IndexNotFound(Indices.ContainsKey(source) ? dest : source);
        }
        long created = 0, conflicts = 0;
        foreach (var (id, document) in from)
        {
            if (create && to.ContainsKey(id))
            {
                conflicts++;
                continue;
            }
            to[id] = (JsonObject)document.DeepClone();
            created++;
        }
        return FakeResponse.Ok(new JsonObject
        {
            ["took"] = 5, ["timed_out"] = false, ["total"] = from.Count, ["updated"] = 0, ["created"] = created, ["deleted"] = 0,
            ["batches"] = 1, ["version_conflicts"] = conflicts, ["noops"] = 0,
            ["retries"] = new JsonObject { ["bulk"] = 0, ["search"] = 0 },
            ["throttled_millis"] = 0, ["requests_per_second"] = -1.0, ["throttled_until_millis"] = 0, ["failures"] = new JsonArray(),
        });
    }
}
