using Ingestor.Articles;
using YamlDotNet.RepresentationModel;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Builds the phrase lists a model is trained with: the generic lists shipped in this assembly (Lists/*.txt:
/// places, organizations, people, nationalities, first names, titles, name-forming words, time words) plus the
/// names and aliases of a gazetteer folder (YAML files with <c>entities: [{name, type, aliases}]</c>).
/// Nothing here comes from a training corpus.
/// </summary>
public static class TrainingLists
{
    /// <summary>The list names, in the order their bits appear in features.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "person", "organization", "location", "misc", "first-name", "person-title", "org-word", "location-word",
        "temporal", "surname", "sports-team",
        "gazetteer-person", "gazetteer-organization", "gazetteer-location", "gazetteer-misc",
    ];

    private static readonly (string File, string List)[] Shipped =
    [
        ("persons.txt", "person"),
        ("organizations.txt", "organization"),
        ("locations.txt", "location"),
        ("misc.txt", "misc"),
        ("first-names.txt", "first-name"),
        ("person-titles.txt", "person-title"),
        ("org-words.txt", "org-word"),
        ("location-words.txt", "location-word"),
        ("temporal.txt", "temporal"),
        ("sports-teams.txt", "sports-team"),
    ];

    /// <param name="gazetteerFolder">Folder of gazetteer YAML files, or null for the shipped lists only.</param>
    public static PhraseLists Build(string? gazetteerFolder, Action<string>? log = null)
    {
        var entries = new List<(int List, string Phrase)>();
        foreach (var (file, list) in Shipped)
        {
            var before = entries.Count;
            foreach (var phrase in ReadShipped(file))
            {
                entries.Add((IndexOf(list), phrase));
            }
            log?.Invoke($"list {list}: {entries.Count - before} phrases from {file}");
        }
        if (gazetteerFolder is not null)
        {
            foreach (var path in Directory.EnumerateFiles(gazetteerFolder, "*.yaml").Concat(Directory.EnumerateFiles(gazetteerFolder, "*.yml")).Order(StringComparer.Ordinal))
            {
                var before = entries.Count;
                using var reader = new StreamReader(path);
                entries.AddRange(ReadGazetteer(reader, path));
                log?.Invoke($"gazetteer {Path.GetFileName(path)}: {entries.Count - before} names and aliases");
            }
        }
        AddSurnames(entries);
        var distinct = entries.Distinct().ToList();
        return new PhraseLists(Names, distinct);
    }

    /// <summary>
    /// Names and aliases of one gazetteer file, in the gazetteer list of their type (kept apart from the shipped
    /// lists, so the model learns how far each source agrees with how news text uses a name).
    /// </summary>
    internal static IEnumerable<(int List, string Phrase)> ReadGazetteer(TextReader reader, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
        var result = new List<(int, string)>();
        foreach (var document in yaml.Documents)
        {
            if (document.RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("entities"), out var node)
                || node is not YamlSequenceNode sequence)
            {
                continue;
            }
            foreach (var item in sequence.OfType<YamlMappingNode>())
            {
                var name = Scalar(item, "name");
                if (string.IsNullOrWhiteSpace(name) || !EntityTypes.TryParse(Scalar(item, "type"), out var type))
                {
                    continue;
                }
                var list = IndexOf("gazetteer-" + type.ToWire().ToLowerInvariant());
                result.Add((list, name.Trim()));
                if (item.Children.TryGetValue(new YamlScalarNode("aliases"), out var aliases) && aliases is YamlSequenceNode aliasList)
                {
                    foreach (var alias in aliasList.OfType<YamlScalarNode>())
                    {
                        if (!string.IsNullOrWhiteSpace(alias.Value))
                        {
                            result.Add((list, alias.Value.Trim()));
                        }
                    }
                }
            }
        }
        return result;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The last word of every multi-word person name ("Witkoff" from "Steve Witkoff").</summary>
    private static void AddSurnames(List<(int List, string Phrase)> entries)
    {
        var people = new HashSet<int> { IndexOf("person"), IndexOf("gazetteer-person") };
        var surname = IndexOf("surname");
        var tokens = new List<Token>();
        var surnames = new List<(int, string)>();
        foreach (var (list, phrase) in entries)
        {
            if (!people.Contains(list))
            {
                continue;
            }
            tokens.Clear();
            NewsTokenizer.Tokenize(phrase, tokens);
            if (tokens.Count < 2)
            {
                continue;
            }
            var last = tokens[^1];
            var word = phrase[last.Start..last.End];
            if (word.Length >= 3 && char.IsUpper(word[0]) && !word.EndsWith('.'))
            {
                surnames.Add((surname, word));
            }
        }
        entries.AddRange(surnames);
    }

    private static int IndexOf(string list)
    {
        for (var k = 0; k < Names.Count; k++)
        {
            if (Names[k] == list)
            {
                return k;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(list), list, "unknown list");
    }

    private static List<string> ReadShipped(string file)
    {
        var name = "Ingestor.Enrich.Entities.Lists." + file;
        using var stream = typeof(TrainingLists).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The list resource {name} is missing.");
        using var reader = new StreamReader(stream);
        var phrases = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                phrases.Add(line);
            }
        }
        return phrases;
    }
}
