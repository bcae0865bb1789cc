namespace Ingestor.Tests.Normalize.Language;

/// <summary>The detector's test texts in Fixtures/Language, all written for these tests.</summary>
internal static class LanguageFixtures
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Language");

    private static readonly Lazy<IReadOnlyDictionary<string, string>> ParagraphsById = new(LoadParagraphs);

    /// <summary>News paragraphs by id ("en-1"): the id's prefix is the paragraph's language.</summary>
    public static IReadOnlyDictionary<string, string> Paragraphs => ParagraphsById.Value;

    public static string Paragraph(string id) => Paragraphs[id];

    /// <summary>One-sentence news items with their language, for the accuracy check.</summary>
    public static IReadOnlyList<(string Language, string Text)> Sentences()
    {
        var sentences = new List<(string, string)>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "sentences.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            sentences.Add((line[..tab], line[(tab + 1)..]));
        }
        return sentences;
    }

    private static Dictionary<string, string> LoadParagraphs()
    {
        var paragraphs = new Dictionary<string, string>(StringComparer.Ordinal);
        string? id = null;
        var text = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "paragraphs.txt")).Append("=== end"))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                if (id is not null)
                {
                    paragraphs[id] = string.Join('\n', text).Trim();
                }
                id = line[4..].Trim();
                text.Clear();
                continue;
            }
            text.Add(line);
        }
        return paragraphs;
    }
}
