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

    /// <summary>What the story clusterer reads from an article's text.</summary>
    /// <param name="Counts">Term frequencies, the title counted twice (it names the subject).</param>
    /// <param name="Names">
    /// Names the body capitalizes mid-sentence ("Sado Terminals", "Viveiro"), as lower-case phrases with
    /// their counts: the places, people and teams that say which event it is, known to the gazetteer or not.
    /// </param>
    /// <param name="NameWords">The terms that occur in those names.</param>
    public sealed record Analysis(Dictionary<string, int> Counts, Dictionary<string, int> Names, HashSet<string> NameWords);

    public static Analysis Analyze(string title, string body)
    {
        var analysis = new Analysis(new Dictionary<string, int>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        Add(analysis, title, 2, names: false);
        Add(analysis, body, 1, names: true);
        return analysis;
    }

    /// <summary>The distinct terms of a text (a headline, an entity name).</summary>
    public static HashSet<string> Distinct(string text)
    {
        var analysis = new Analysis(new Dictionary<string, int>(StringComparer.Ordinal), [], []);
        Add(analysis, text, 1, names: false);
        return [.. analysis.Counts.Keys];
    }

    private static void Add(Analysis analysis, string text, int weight, bool names)
    {
        var word = new StringBuilder(24);
        var phrase = new List<string>();
        var sentenceStart = true;
        var capitalized = false;

        void EndPhrase()
        {
            if (phrase.Count > 0)
            {
                var name = string.Join(' ', phrase);
                if (name.Length >= 3 && !(phrase.Count == 1 && (StopWords.Contains(name) || IsNumber(name))))
                {
                    analysis.Names[name] = analysis.Names.GetValueOrDefault(name) + 1;
                }
                phrase.Clear();
            }
        }

        void EndWord()
        {
            if (word.Length == 0)
            {
                return;
            }
            var term = Stem(word.ToString().Trim('-'));
            word.Clear();
            var content = term.Length >= 3 && !StopWords.Contains(term) && !IsNumber(term);
            if (content)
            {
                analysis.Counts[term] = analysis.Counts.GetValueOrDefault(term) + weight;
            }
            if (names && capitalized)
            {
                phrase.Add(term);
                if (content)
                {
                    analysis.NameWords.Add(term);
                }
            }
            else
            {
                EndPhrase();
            }
            sentenceStart = false;
        }

        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (word.Length == 0)
                {
                    capitalized = char.IsUpper(ch) && !sentenceStart;
                }
                word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            if (ch == '-' && word.Length > 0)
            {
                word.Append('-'); // keep "mar-a-lago", "high-level" together
                continue;
            }
            EndWord();
            if (ch != ' ')
            {
                // possessives ("Trump’s"), punctuation and line ends all close a name
                EndPhrase();
            }
            if (ch is '.' or '!' or '?' or ':' or '\n' or '"' or '“' or '(' or '–' or '—')
            {
                sentenceStart = true;
            }
        }
        EndWord();
        EndPhrase();
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
