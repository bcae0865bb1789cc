using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// A document of a CoNLL-2003-style corpus (one token per line, NER tag in the last column, blank lines between
/// sentences, <c>-DOCSTART-</c> between documents), rebuilt as plain text the way the NER scorer does: tokens
/// joined by one space, sentences by a newline.
/// </summary>
public sealed class ConllDocument
{
    internal ConllDocument(string text, int[] tokenStarts, int[] tokenEnds, (int First, int End, EntityType Type)[] gold)
    {
        Text = text;
        TokenStarts = tokenStarts;
        TokenEnds = tokenEnds;
        Gold = gold;
    }

    public string Text { get; }

    /// <summary>Start offset of each corpus token in <see cref="Text"/>.</summary>
    internal int[] TokenStarts { get; }

    internal int[] TokenEnds { get; }

    /// <summary>Gold entities as corpus token ranges (end exclusive).</summary>
    internal (int First, int End, EntityType Type)[] Gold { get; }

    public int TokenCount => TokenStarts.Length;

    public int EntityCount => Gold.Length;

    /// <summary>The corpus token range a character span covers (every token it overlaps), or null if none.</summary>
    internal (int First, int End)? TokensOf(int start, int end)
    {
        if (end <= start)
        {
            return null;
        }
        // First token ending after start, and the tokens starting before end.
        var first = UpperBound(TokenEnds, start);
        var last = LowerBound(TokenStarts, end);
        return first < last ? (first, last) : null;
    }

    private static int UpperBound(int[] values, int value)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static int LowerBound(int[] values, int value)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}

public static class ConllCorpus
{
    public static IReadOnlyList<ConllDocument> Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        return Read(reader);
    }

    public static IReadOnlyList<ConllDocument> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var documents = new List<ConllDocument>();
        var sentences = new List<List<(string Word, string Tag)>>();
        var sentence = new List<(string Word, string Tag)>();
        var sawDocStart = false;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                EndSentence();
                continue;
            }
            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns[0] == "-DOCSTART-")
            {
                sawDocStart = true;
                EndSentence();
                EndDocument();
                continue;
            }
            if (columns.Length < 2)
            {
                throw new InvalidDataException($"line {lineNumber}: expected a word and a tag, found '{line}'");
            }
            sentence.Add((columns[0], columns[^1]));
        }
        EndSentence();
        EndDocument();
        if (!sawDocStart)
        {
            // Without document markers every sentence is a document (as the scorer treats it).
            var split = new List<ConllDocument>();
            foreach (var document in documents)
            {
                split.AddRange(SplitLines(document));
            }
            return split;
        }
        return documents;

        void EndSentence()
        {
            if (sentence.Count > 0)
            {
                sentences.Add(sentence);
                sentence = [];
            }
        }

        void EndDocument()
        {
            if (sentences.Count > 0)
            {
                documents.Add(Build(sentences));
                sentences.Clear();
            }
        }
    }

    private static ConllDocument Build(List<List<(string Word, string Tag)>> sentences)
    {
        var text = new System.Text.StringBuilder();
        var starts = new List<int>();
        var ends = new List<int>();
        var gold = new List<(int, int, EntityType)>();
        foreach (var sentence in sentences)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            var offset = starts.Count;
            for (var k = 0; k < sentence.Count; k++)
            {
                if (k > 0)
                {
                    text.Append(' ');
                }
                starts.Add(text.Length);
                text.Append(sentence[k].Word);
                ends.Add(text.Length);
            }
            foreach (var (first, end, type) in TagsToSpans(sentence))
            {
                gold.Add((offset + first, offset + end, type));
            }
        }
        return new ConllDocument(text.ToString(), [.. starts], [.. ends], [.. gold]);
    }

    private static IEnumerable<ConllDocument> SplitLines(ConllDocument document)
    {
        var lineStart = 0;
        var firstToken = 0;
        var goldIndex = 0;
        while (lineStart <= document.Text.Length && firstToken < document.TokenCount)
        {
            var lineEnd = document.Text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = document.Text.Length;
            }
            var endToken = firstToken;
            while (endToken < document.TokenCount && document.TokenStarts[endToken] < lineEnd)
            {
                endToken++;
            }
            var gold = new List<(int, int, EntityType)>();
            while (goldIndex < document.Gold.Length && document.Gold[goldIndex].First < endToken)
            {
                var (f, e, t) = document.Gold[goldIndex++];
                gold.Add((f - firstToken, e - firstToken, t));
            }
            var s = document.TokenStarts[firstToken..endToken].Select(x => x - lineStart).ToArray();
            var en = document.TokenEnds[firstToken..endToken].Select(x => x - lineStart).ToArray();
            yield return new ConllDocument(document.Text[lineStart..lineEnd], s, en, [.. gold]);
            firstToken = endToken;
            lineStart = lineEnd + 1;
        }
    }

    /// <summary>Entity spans from IOB1, IOB2, BIOES or BILOU tags, with conlleval's rules for where a chunk starts.</summary>
    internal static IEnumerable<(int First, int End, EntityType Type)> TagsToSpans(List<(string Word, string Tag)> sentence)
    {
        var start = -1;
        string? type = null;
        for (var i = 0; i < sentence.Count; i++)
        {
            var tag = sentence[i].Tag;
            var dash = tag.IndexOf('-', StringComparison.Ordinal);
            if (tag == "O" || dash < 0)
            {
                if (type is not null)
                {
                    yield return (start, i, ParseType(type));
                }
                type = null;
                continue;
            }
            var prefix = tag[..dash].ToUpperInvariant();
            var current = tag[(dash + 1)..];
            if (prefix is "B" or "S" or "U" || type is null || current != type)
            {
                if (type is not null)
                {
                    yield return (start, i, ParseType(type));
                }
                start = i;
                type = current;
            }
            if (prefix is "E" or "L" or "S" or "U")
            {
                yield return (start, i + 1, ParseType(type));
                type = null;
            }
        }
        if (type is not null)
        {
            yield return (start, sentence.Count, ParseType(type));
        }
    }

    private static EntityType ParseType(string type) =>
        EntityTypes.TryParse(type, out var parsed) ? parsed : throw new InvalidDataException($"unknown entity type '{type}'");
}
