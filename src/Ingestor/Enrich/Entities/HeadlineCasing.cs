namespace Ingestor.Enrich.Entities;

/// <summary>
/// Title case as news headlines and headings use it, for training: Reuters writes headlines in capitals, web news
/// in title case, so the trainer adds copies of corpus documents whose capitalized lines are re-cased.
/// </summary>
internal static class HeadlineCasing
{
    /// <summary>Words title case leaves in lower case (unless first).</summary>
    public static IReadOnlyList<string> MinorWords { get; } =
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "nor", "by", "with", "from", "as",
        "vs", "vs.", "via", "into", "onto", "over", "per", "up", "off", "out", "de", "la", "le", "du", "des", "del",
        "der", "von", "van", "bin", "al", "el", "'s",
    ];

    private static readonly HashSet<string> Minor = new(MinorWords, StringComparer.Ordinal);

    /// <summary>
    /// A copy of <paramref name="document"/> with every all-capitals line in title case, and with every
    /// <paramref name="bodyLineStep"/>-th ordinary line of 4 to 14 words (as web headings look: "Key Players in the
    /// Talks"), and the spans of the lines changed; null when nothing changed. A word keeps the spelling it has in
    /// the document's other lines ("NATO", "Japan"); words never seen elsewhere are capitalized, except short ones
    /// and dotted abbreviations.
    /// </summary>
    public static (ConllDocument Document, IReadOnlyList<(int Start, int End)> Lines)? TitleCase(ConllDocument document, int bodyLineStep = 0)
    {
        var text = document.Text;
        var lines = new List<(int Start, int End, int FirstToken, int EndToken, bool Capitals)>();
        var token = 0;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }
            var first = token;
            while (token < document.TokenCount && document.TokenStarts[token] < lineEnd)
            {
                token++;
            }
            lines.Add((lineStart, lineEnd, first, token, IsCapitalsLine(text, document, first, token)));
            lineStart = lineEnd + 1;
        }
        var recase = lines.Select(l => l.Capitals).ToArray();
        if (bodyLineStep > 0)
        {
            var ordinary = 0;
            for (var k = 0; k < lines.Count; k++)
            {
                var words = lines[k].EndToken - lines[k].FirstToken;
                if (!lines[k].Capitals && words is >= 4 and <= 14 && ordinary++ % bodyLineStep == bodyLineStep - 1)
                {
                    recase[k] = true;
                }
            }
        }
        if (!recase.Any(r => r))
        {
            return null;
        }
        var forms = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => !l.Capitals))
        {
            for (var t = line.FirstToken; t < line.EndToken; t++)
            {
                var word = text[document.TokenStarts[t]..document.TokenEnds[t]];
                var lower = word.ToLowerInvariant();
                if (!forms.TryGetValue(lower, out var counts))
                {
                    forms[lower] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                }
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        var chars = text.ToCharArray();
        var changed = new List<(int Start, int End)>();
        foreach (var line in lines.Where((_, k) => recase[k]))
        {
            for (var t = line.FirstToken; t < line.EndToken; t++)
            {
                var start = document.TokenStarts[t];
                var word = text[start..document.TokenEnds[t]];
                var cased = Recase(word, t == line.FirstToken, forms);
                if (cased.Length == word.Length)
                {
                    cased.CopyTo(chars.AsSpan(start));
                }
            }
            changed.Add((line.Start, line.End));
        }
        return (new ConllDocument(new string(chars), document.TokenStarts, document.TokenEnds, document.Gold), changed);
    }

    private static string Recase(string word, bool first, Dictionary<string, Dictionary<string, int>> forms)
    {
        if (!word.Any(char.IsLetter))
        {
            return word;
        }
        var lower = word.ToLowerInvariant();
        if (forms.TryGetValue(lower, out var counts))
        {
            var form = counts.MaxBy(kv => (kv.Value, kv.Key)).Key;
            return char.IsLower(form[0]) && !(Minor.Contains(lower) && !first) ? Capitalize(form) : form;
        }
        if (word.Contains('.', StringComparison.Ordinal) || word.Count(char.IsLetter) <= 2)
        {
            return word;
        }
        return Minor.Contains(lower) && !first ? lower : Capitalize(lower);
    }

    private static string Capitalize(string word) =>
        word.Length == 0 ? word : string.Concat(char.ToUpperInvariant(word[0]).ToString(), word[1..]);

    private static bool IsCapitalsLine(string text, ConllDocument document, int first, int end)
    {
        var lettered = 0;
        var longWords = 0;
        for (var t = first; t < end; t++)
        {
            var word = text.AsSpan(document.TokenStarts[t], document.TokenEnds[t] - document.TokenStarts[t]);
            var letters = 0;
            foreach (var c in word)
            {
                if (char.IsLower(c))
                {
                    return false;
                }
                letters += char.IsLetter(c) ? 1 : 0;
            }
            lettered += letters > 0 ? 1 : 0;
            longWords += letters >= 2 ? 1 : 0;
        }
        return lettered > 0 && longWords > 0;
    }
}
