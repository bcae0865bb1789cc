using Ingestor.Articles;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ingestor.Enrich.Entities;

/// <summary>A known entity: its canonical name, type, optional Wikidata id and the other names it goes by.</summary>
public sealed record GazetteerEntry(string Name, EntityType Type, string? Id, IReadOnlyList<string> Aliases)
{
    public string? Role { get; init; }
    public string? Country { get; init; }
    /// <summary>The file it came from, for messages.</summary>
    public string? File { get; init; }

    public IEnumerable<string> AllNames => Aliases.Prepend(Name);
}

/// <summary>
/// The entities users and we curate in <c>config/entities/*.yaml</c>; resolves any listed name or
/// alias (after <see cref="NameKey"/> folding) to its canonical entry.
/// </summary>
public sealed class Gazetteer
{
    private readonly Dictionary<string, List<GazetteerEntry>> _byKey = new(StringComparer.Ordinal);

    public Gazetteer(IEnumerable<GazetteerEntry> entries)
    {
        Entries = entries.ToList();
        foreach (var entry in Entries)
        {
            foreach (var name in entry.AllNames)
            {
                var key = NameKey.Fold(name);
                if (key.Length == 0)
                {
                    continue;
                }
                if (!_byKey.TryGetValue(key, out var list))
                {
                    _byKey[key] = list = [];
                }
                if (!list.Contains(entry))
                {
                    list.Add(entry);
                }
            }
        }
    }

    public static Gazetteer Empty { get; } = new([]);

    public IReadOnlyList<GazetteerEntry> Entries { get; }

    public IEnumerable<string> Keys => _byKey.Keys;

    /// <summary>Entries a folded key names; canonical-name matches first.</summary>
    public IReadOnlyList<GazetteerEntry> Lookup(string foldedKey) =>
        _byKey.TryGetValue(foldedKey, out var list) ? list : [];

    /// <summary>Resolves a surface name, preferring an entry of the given type.</summary>
    public GazetteerEntry? Resolve(string surface, EntityType? preferredType = null)
    {
        var candidates = Lookup(NameKey.Fold(surface));
        if (candidates.Count == 0)
        {
            return null;
        }
        return candidates.FirstOrDefault(c => c.Type == preferredType && NameKey.Fold(c.Name) == NameKey.Fold(surface))
               ?? candidates.FirstOrDefault(c => c.Type == preferredType)
               ?? candidates.FirstOrDefault(c => NameKey.Fold(c.Name) == NameKey.Fold(surface))
               ?? candidates[0];
    }

    /// <summary>The one person whose name ends with this word ("Trump"), or null when none or several do.</summary>
    public GazetteerEntry? ResolveSurname(string word)
    {
        var surnames = _surnames ??= BuildSurnames();
        return surnames.TryGetValue(NameKey.Fold(word), out var entry) ? entry : null;
    }

    private Dictionary<string, GazetteerEntry?>? _surnames;

    private Dictionary<string, GazetteerEntry?> BuildSurnames()
    {
        var map = new Dictionary<string, GazetteerEntry?>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (entry.Type != EntityType.Person)
            {
                continue;
            }
            var space = entry.Name.LastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }
            var key = NameKey.Fold(entry.Name[(space + 1)..]);
            if (key.Length < 3)
            {
                continue;
            }
            // A surname two people share names neither.
            map[key] = map.TryGetValue(key, out var existing) && existing != entry ? null : entry;
        }
        return map;
    }

    /// <summary>Loads every <c>*.yaml</c> file in a folder (sorted by name, so earlier files win ties).</summary>
    /// <exception cref="FormatException">A file is malformed; the message names the file, entry and key.</exception>
    public static Gazetteer LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Empty;
        }
        var entries = new List<GazetteerEntry>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            entries.AddRange(GazetteerFastReader.TryParse(text, name) ?? Parse(new StringReader(text), name));
        }
        return new Gazetteer(entries);
    }

    /// <summary>Parses one gazetteer file: a top-level <c>entities:</c> list of {name, type, id?, aliases?}.</summary>
    public static IReadOnlyList<GazetteerEntry> Parse(TextReader reader, string fileName)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{fileName}: invalid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }
        var result = new List<GazetteerEntry>();
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            return result;
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("entities"), out var list) || list is not YamlSequenceNode sequence)
        {
            throw new FormatException($"{fileName}: expected a top-level 'entities:' list.");
        }
        var index = 0;
        foreach (var node in sequence)
        {
            var where = $"{fileName}: entities[{index++}]";
            if (node is not YamlMappingNode map)
            {
                throw new FormatException($"{where}: expected a mapping with name and type.");
            }
            var name = Scalar(map, "name") ?? throw new FormatException($"{where}: 'name' is required.");
            var typeText = Scalar(map, "type") ?? throw new FormatException($"{where} ({name}): 'type' is required.");
            if (!EntityTypes.TryParse(typeText, out var type))
            {
                throw new FormatException($"{where} ({name}): unknown type '{typeText}' (PERSON, ORGANIZATION, LOCATION or MISC).");
            }
            var aliases = new List<string>();
            if (map.Children.TryGetValue(new YamlScalarNode("aliases"), out var aliasNode))
            {
                switch (aliasNode)
                {
                    case YamlSequenceNode aliasList:
                        aliases.AddRange(aliasList.OfType<YamlScalarNode>().Select(a => a.Value).OfType<string>().Where(a => a.Trim().Length > 0));
                        break;
                    case YamlScalarNode { Value: { Length: > 0 } single }:
                        aliases.Add(single);
                        break;
                }
            }
            result.Add(new GazetteerEntry(name.Trim(), type, Scalar(map, "id"), aliases.Select(a => a.Trim()).Where(a => a != name).Distinct().ToList())
            {
                Role = Scalar(map, "role"),
                Country = Scalar(map, "country"),
                File = fileName,
            });
        }
        return result;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text }
            ? text
            : null;
}
