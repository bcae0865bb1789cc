using System.Collections.Frozen;
using System.Runtime.InteropServices;

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
        // Words and name phrases are built in reusable buffers and looked up as spans: a string is made
        // only the first time a term or name is seen in this text (the analysis runs on the serial indexer).
        var buffers = t_buffers ??= new Buffers();
        var counts = analysis.Counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var nameCounts = analysis.Names.GetAlternateLookup<ReadOnlySpan<char>>();
        var nameWords = analysis.NameWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var stopWords = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var word = buffers.Word;
        var wordLength = 0;
        var phrase = buffers.Phrase;
        var phraseLength = 0;
        var phraseWords = 0;
        var sentenceStart = true;
        var capitalized = false;

        void EndPhrase()
        {
            if (phraseWords > 0)
            {
                var name = phrase.AsSpan(0, phraseLength);
                if (name.Length >= 3 && !(phraseWords == 1 && (stopWords.Contains(name) || IsNumber(name))))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(nameCounts, name, out _)++;
                }
                phraseLength = 0;
                phraseWords = 0;
            }
        }

        void EndWord()
        {
            if (wordLength == 0)
            {
                return;
            }
            // The word starts with a letter or digit, so only trailing hyphens need trimming.
            var length = wordLength;
            while (length > 0 && word[length - 1] == '-')
            {
                length--;
            }
            length = Stem(word, length);
            wordLength = 0;
            var term = word.AsSpan(0, length);
            var content = term.Length >= 3 && !stopWords.Contains(term) && !IsNumber(term);
            if (content)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, term, out _) += weight;
            }
            if (names && capitalized)
            {
                if (phraseWords > 0)
                {
                    phrase = Append(ref buffers.Phrase, phraseLength, ' ');
                    phraseLength++;
                }
                phrase = Ensure(ref buffers.Phrase, phraseLength + term.Length);
                term.CopyTo(phrase.AsSpan(phraseLength));
                phraseLength += term.Length;
                phraseWords++;
                if (content)
                {
                    nameWords.Add(term);
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
                if (wordLength == 0)
                {
                    capitalized = char.IsUpper(ch) && !sentenceStart;
                }
                word = Append(ref buffers.Word, wordLength++, char.ToLowerInvariant(ch));
                continue;
            }
            if (ch == '-' && wordLength > 0)
            {
                word = Append(ref buffers.Word, wordLength++, '-'); // keep "mar-a-lago", "high-level" together
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

    [ThreadStatic]
    private static Buffers? t_buffers;

    private sealed class Buffers
    {
        public char[] Word = new char[64];
        public char[] Phrase = new char[128];
    }

    private static char[] Append(ref char[] buffer, int at, char ch)
    {
        var target = Ensure(ref buffer, at + 1);
        target[at] = ch;
        return target;
    }

    private static char[] Ensure(ref char[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            Array.Resize(ref buffer, Math.Max(length, buffer.Length * 2));
        }
        return buffer;
    }

    /// <summary>A light plural stemmer ("talks" → "talk", "parties" → "party"), in place: the stemmed length of the word in <paramref name="word"/>.</summary>
    private static int Stem(char[] word, int length)
    {
        var span = word.AsSpan(0, length);
        if (length > 4 && span.EndsWith("ies", StringComparison.Ordinal))
        {
            word[length - 3] = 'y';
            return length - 2;
        }
        if (length > 4 && span[^1] == 's' && !span.EndsWith("ss", StringComparison.Ordinal) && !span.EndsWith("us", StringComparison.Ordinal) && !span.EndsWith("is", StringComparison.Ordinal))
        {
            return length - 1;
        }
        return length;
    }

    private static bool IsNumber(ReadOnlySpan<char> term)
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
}
