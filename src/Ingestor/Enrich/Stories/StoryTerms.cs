using System.Collections.Frozen;
using System.Text;

namespace Ingestor.Enrich.Stories;

/// <summary>The content words of a text, lightly stemmed, for TF-IDF: what an article is about.</summary>
public static class StoryTerms
{
    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "among", "an", "and", "another", "any", "are",
        "around", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "down", "during", "each", "either", "even", "ever", "every", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "if", "in", "including",
        "into", "is", "it", "its", "itself", "just", "last", "later", "least", "less", "like", "made", "make", "many", "may", "me",
        "meanwhile", "might", "more", "most", "much", "must", "my", "near", "neither", "new", "next", "no", "nor", "not", "now", "of",
        "off", "on", "once", "one", "only", "or", "other", "others", "our", "ours", "out", "over", "own", "per", "rather", "same", "said",
        "say", "says", "saying", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "to", "told", "too", "two", "under", "until",
        "up", "upon", "us", "very", "via", "was", "we", "week", "were", "what", "when", "where", "whether", "which", "while", "who",
        "whom", "whose", "why", "will", "with", "within", "without", "would", "year", "years", "yet", "you", "your", "yours", "according",
        "across", "already", "always", "day", "days", "expected", "first", "took", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "today", "yesterday", "tomorrow", "time", "well", "way", "part", "set", "take", "three", "four", "five",
        "six", "several", "used", "use", "reported", "report", "reports", "official", "officials",
    ]);

    /// <summary>Term frequencies of the title (counted twice: it names the subject) and body.</summary>
    public static Dictionary<string, int> Count(string title, string body)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Add(counts, title, 2);
        Add(counts, body, 1);
        return counts;
    }

    /// <summary>The distinct terms of a headline, for choosing a story's representative one.</summary>
    public static HashSet<string> Distinct(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Add(counts, text, 1);
        return [.. counts.Keys];
    }

    private static void Add(Dictionary<string, int> counts, string text, int weight)
    {
        var word = new StringBuilder(24);
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            if ((ch is '\'' or '’') && word.Length > 0)
            {
                // possessive or contraction: "Hamas's", "Trump’s" → hamas, trump
                Flush(counts, word, weight);
                continue;
            }
            if (ch == '-' && word.Length > 0)
            {
                word.Append('-'); // keep "mar-a-lago", "high-level" together
                continue;
            }
            Flush(counts, word, weight);
        }
        Flush(counts, word, weight);
    }

    private static void Flush(Dictionary<string, int> counts, StringBuilder word, int weight)
    {
        if (word.Length == 0)
        {
            return;
        }
        var term = Stem(word.ToString().Trim('-'));
        word.Clear();
        if (term.Length < 3 || StopWords.Contains(term) || IsNumber(term))
        {
            return;
        }
        counts[term] = counts.GetValueOrDefault(term) + weight;
    }

    private static bool IsNumber(string term)
    {
        foreach (var ch in term)
        {
            if (!char.IsDigit(ch))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Plural and a few inflections folded ("talks" → "talk", "ceasefires" → "ceasefire", "parties" → "party").</summary>
    internal static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }
        if (word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }
        return word;
    }
}
