using System.Runtime.CompilerServices;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Named lists of phrases (gazetteers) the tagger uses as features: known persons, organizations, locations and
/// miscellaneous names, plus generic word lists (first names, person titles, company suffixes, ...). Matching is
/// token by token, ignoring case and a token's trailing period ("Corp." = "Corp", "GAZA" = "Gaza"), except that a
/// capitalized list word never matches a lower-case text word ("US" does not match "us"). Stored inside the model
/// so that inference sees exactly the lists training saw. Immutable and thread-safe once built.
/// </summary>
public sealed class PhraseLists
{
    /// <summary>At most this many lists: each token's matches are kept as bits of one 64-bit word (16 lists × 4 positions).</summary>
    public const int MaxLists = 16;

    /// <summary>Longer phrases are not matched.</summary>
    public const int MaxPhraseTokens = 10;

    private static readonly ulong PhraseSeed = FeatureHash.Text("phrase", lower: false);

    private readonly Dictionary<ulong, (ushort Lists, ushort Capitalized)> _phrases = [];
    private readonly HashSet<ulong> _prefixes = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PhraseLists(IReadOnlyList<string> names, IReadOnlyList<(int List, string Phrase)> entries)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(entries);
        if (names.Count > MaxLists)
        {
            throw new ArgumentException($"At most {MaxLists} phrase lists are supported.", nameof(names));
        }
        Names = names;
        Entries = entries;
        var tokens = new List<Token>();
        foreach (var (list, phrase) in entries)
        {
            tokens.Clear();
            NewsTokenizer.Tokenize(phrase, tokens);
            if (tokens.Count == 0 || tokens.Count > MaxPhraseTokens)
            {
                continue;
            }
            var h = PhraseSeed;
            var capitalized = 0;
            for (var k = 0; k < tokens.Count; k++)
            {
                var word = tokens[k].In(phrase);
                h = FeatureHash.Mix(h, TokenKey(word));
                if (char.IsUpper(word[0]))
                {
                    capitalized |= 1 << k;
                }
                if (k < tokens.Count - 1)
                {
                    _prefixes.Add(h);
                }
            }
            // Spellings that differ only in case share an entry, which then demands only the capitals they share.
            _phrases[h] = _phrases.TryGetValue(h, out var known)
                ? ((ushort)(known.Lists | (1 << list)), (ushort)(known.Capitalized & capitalized))
                : ((ushort)(1 << list), (ushort)capitalized);
        }
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<(int List, string Phrase)> Entries { get; }

    public int PhraseCount => _phrases.Count;

    public static PhraseLists Empty { get; } = new([], []);

    /// <summary>How a token is compared with list entries: folded, lower-cased, without a trailing period.</summary>
    internal static ulong TokenKey(ReadOnlySpan<char> token)
    {
        if (token.Length > 1 && token[^1] == '.')
        {
            token = token[..^1];
        }
        return FeatureHash.Text(token, lower: true);
    }

    /// <summary>
    /// Marks every token covered by a list phrase: bit (4 × list + position) of <paramref name="bits"/>, position
    /// 0 = begin, 1 = inside, 2 = last, 3 = unit (a one-token phrase). Matches do not cross sentence ends.
    /// </summary>
    /// <param name="lowerCase">Per token: whether it starts with a lower-case letter.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Match(ReadOnlySpan<ulong> tokenKeys, ReadOnlySpan<bool> lowerCase, ReadOnlySpan<Sentence> sentences, Span<ulong> bits)
    {
        bits.Clear();
        if (_phrases.Count == 0)
        {
            return;
        }
        foreach (var sentence in sentences)
        {
            var end = sentence.EndToken;
            for (var i = sentence.FirstToken; i < end; i++)
            {
                var h = PhraseSeed;
                var lower = 0;
                for (var j = i; j < end && j - i < MaxPhraseTokens; j++)
                {
                    h = FeatureHash.Mix(h, tokenKeys[j]);
                    if (lowerCase[j])
                    {
                        lower |= 1 << (j - i);
                    }
                    if (_phrases.TryGetValue(h, out var entry) && (entry.Capitalized & lower) == 0)
                    {
                        Mark(bits, i, j + 1, entry.Lists);
                    }
                    if (!_prefixes.Contains(h))
                    {
                        break;
                    }
                }
            }
        }
    }

    private static void Mark(Span<ulong> bits, int first, int end, ushort lists)
    {
        for (var list = 0; lists != 0; list++, lists >>= 1)
        {
            if ((lists & 1) == 0)
            {
                continue;
            }
            var b = 4 * list;
            if (end - first == 1)
            {
                bits[first] |= 1UL << (b + 3);
                continue;
            }
            bits[first] |= 1UL << b;
            for (var k = first + 1; k < end - 1; k++)
            {
                bits[k] |= 1UL << (b + 1);
            }
            bits[end - 1] |= 1UL << (b + 2);
        }
    }
}
