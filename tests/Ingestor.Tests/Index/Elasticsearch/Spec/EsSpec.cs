using System.Collections.Concurrent;
using System.Text.Json;

namespace Ingestor.Tests.Index.Elasticsearch.Spec;

/// <summary>A type's full name in the Elasticsearch specification, e.g. _types.query_dsl.QueryContainer.</summary>
internal readonly record struct TypeName(string Namespace, string Name)
{
    public static TypeName From(JsonElement reference) =>
        new(reference.GetProperty("namespace").GetString()!, reference.GetProperty("name").GetString()!);

    public override string ToString() => Namespace + "." + Name;
}

/// <summary>
/// One version of the reduced Elasticsearch API specification from ../shared/es-spec (the schema the official
/// clients are generated from): its types by name and its endpoints by API name.
/// </summary>
internal sealed class EsSpec
{
    public static readonly string[] Versions = ["8.19", "main"];

    private static readonly ConcurrentDictionary<string, EsSpec> Cache = new(StringComparer.Ordinal);
    private static readonly Lazy<string?> Root = new(FindRoot);

    private readonly Dictionary<TypeName, JsonElement> _types = [];
    private readonly Dictionary<string, JsonElement> _endpoints = new(StringComparer.Ordinal);

    private EsSpec(string version, JsonDocument document)
    {
        Version = version;
        foreach (var type in document.RootElement.GetProperty("types").EnumerateArray())
        {
            _types[TypeName.From(type.GetProperty("name"))] = type;
        }
        foreach (var endpoint in document.RootElement.GetProperty("endpoints").EnumerateArray())
        {
            _endpoints[endpoint.GetProperty("name").GetString()!] = endpoint;
        }
    }

    public string Version { get; }

    /// <summary>../shared/es-spec next to the repository root (the folder holding Ingestor.sln), or null when absent.</summary>
    public static string? Directory => Root.Value;

    public static string SkipReason =>
        "The Elasticsearch specification is not at ../shared/es-spec (relative to the folder holding Ingestor.sln); spec contract tests skipped.";

    private static string? FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ingestor.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            return null;
        }
        var spec = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "es-spec"));
        return File.Exists(Path.Combine(spec, "schema", "schema-reduced.main.lean.json")) ? spec : null;
    }

    public static EsSpec Load(string version) => Cache.GetOrAdd(version, v =>
    {
        var root = Directory ?? throw new InvalidOperationException(SkipReason);
        var bytes = File.ReadAllBytes(Path.Combine(root, "schema", $"schema-reduced.{v}.lean.json"));
        return new EsSpec(v, JsonDocument.Parse(bytes));
    });

    public bool TryGetType(TypeName name, out JsonElement type) => _types.TryGetValue(name, out type);

    public JsonElement Type(TypeName name) =>
        _types.TryGetValue(name, out var type) ? type : throw new KeyNotFoundException($"{name} is not in the {Version} specification.");

    public bool TryGetEndpoint(string name, out JsonElement endpoint) => _endpoints.TryGetValue(name, out endpoint);

    public IEnumerable<string> EndpointNames => _endpoints.Keys;

    /// <summary>The examples folder for an endpoint: examples/json/{endpoint}/{kind}/*.json.</summary>
    public static IEnumerable<string> ExampleFiles(string endpoint, string kind)
    {
        var folder = Path.Combine(Directory ?? "", "examples", "json", endpoint, kind);
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal) : [];
    }
}
