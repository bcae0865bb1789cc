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

    /// <summary>
    /// The specification folder: ES_SPEC_DIR when set, else ../shared/es-spec beside the repository root (the folder
    /// holding Ingestor.sln), else beside the main clone when the repository is a git worktree; null when absent.
    /// </summary>
    public static string? Directory => Root.Value;

    public static string SkipReason =>
        "The Elasticsearch specification is not at ../shared/es-spec (relative to the folder holding Ingestor.sln, " +
        "or to the main clone of a git worktree) and ES_SPEC_DIR is not set; spec contract tests skipped.";

    private static string? FindRoot()
    {
        if (Environment.GetEnvironmentVariable("ES_SPEC_DIR") is { Length: > 0 } configured)
        {
            return IsSpec(configured) ? Path.GetFullPath(configured) : null;
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ingestor.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            return null;
        }
        foreach (var clone in new[] { dir.FullName, MainClone(dir.FullName) })
        {
            if (clone is null)
            {
                continue;
            }
            var spec = Path.GetFullPath(Path.Combine(clone, "..", "shared", "es-spec"));
            if (IsSpec(spec))
            {
                return spec;
            }
        }
        return null;
    }

    private static bool IsSpec(string folder) => File.Exists(Path.Combine(folder, "schema", "schema-reduced.main.lean.json"));

    /// <summary>A worktree's .git is a file "gitdir: MAIN/.git/worktrees/NAME"; MAIN is the clone CI lays out beside ../shared.</summary>
    private static string? MainClone(string repository)
    {
        var gitFile = Path.Combine(repository, ".git");
        if (!File.Exists(gitFile))
        {
            return null;
        }
        var line = File.ReadLines(gitFile).FirstOrDefault(l => l.StartsWith("gitdir:", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var gitDir = new DirectoryInfo(Path.GetFullPath(line["gitdir:".Length..].Trim(), repository));
        // MAIN/.git/worktrees/NAME -> MAIN
        return gitDir.Parent?.Name == "worktrees" && gitDir.Parent.Parent is { Name: ".git" } dotGit ? dotGit.Parent?.FullName : null;
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

    public IEnumerable<JsonElement> Types => _types.Values;

    public bool TryGetEndpoint(string name, out JsonElement endpoint) => _endpoints.TryGetValue(name, out endpoint);

    public IEnumerable<string> EndpointNames => _endpoints.Keys;

    /// <summary>The examples folder for an endpoint: examples/json/{endpoint}/{kind}/*.json.</summary>
    public static IEnumerable<string> ExampleFiles(string endpoint, string kind)
    {
        var folder = Path.Combine(Directory ?? "", "examples", "json", endpoint, kind);
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal) : [];
    }
}
