using System.Numerics;
using System.Runtime.InteropServices;

namespace Ingestor.Normalize.Language;

/// <summary>
/// Tells apart the languages that share one script (Latin, Cyrillic, Arabic) from three kinds of
/// evidence per word: the word itself in a language's frequent-word list, its character trigrams
/// against profiles built from those lists, and letters only some languages use (ß, ñ, ı, ø, ы, پ).
/// Built once from <see cref="LanguageProfile"/> data and never written again, so concurrent readers are safe.
/// </summary>
/// <remarks>
/// Per-language rows are padded to whole SIMD vectors (<see cref="Stride"/>) and pre-multiplied by
/// their evidence weight, so scoring a trigram or letter is one table probe and a few vector adds.
/// </remarks>
internal sealed class ScriptGroupModel
{
    public const int MaxLanguages = 32;

    /// <summary>Log-odds a word list hit adds: a frequent word is the strongest single clue.</summary>
    private const float WordHitWeight = 2.0f;
    private const float TrigramWeight = 0.6f;
    private const float LetterWeight = 1.0f;
    private const float TrigramSmoothing = 0.5f;
    private const int CharTableSize = 0x0800;

    private readonly WordTable words;
    private readonly TrigramTable trigrams;
    private readonly float[] trigramScores;
    private readonly short[] letterRows;
    private readonly float[] letterScores;

    public ScriptGroupModel(Script script, string baseAlphabet, IReadOnlyList<LanguageProfile> profiles, bool requiresCommonWords)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(profiles.Count, MaxLanguages);
        Script = script;
        RequiresCommonWords = requiresCommonWords;
        var codes = new string[profiles.Count];
        var lists = new string[profiles.Count][];
        for (var i = 0; i < profiles.Count; i++)
        {
            codes[i] = profiles[i].Code;
            lists[i] = SplitWords(profiles[i].Words);
        }
        Codes = codes;
        Stride = (profiles.Count + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        words = BuildWords(lists);
        (trigrams, trigramScores) = BuildTrigrams(lists, Stride);
        (letterRows, letterScores) = BuildLetters(baseAlphabet, profiles, Stride);
    }

    public Script Script { get; }

    [ThreadStatic]
    private static List<(ScriptGroupModel Model, WordCache Cache)>? t_wordCaches;

    /// <summary>This thread's cache for this model (the models are a handful of singletons).</summary>
    private WordCache Cache()
    {
        var caches = t_wordCaches ??= [];
        foreach (var (model, cache) in caches)
        {
            if (ReferenceEquals(model, this))
            {
                return cache;
            }
        }
        var created = new WordCache();
        caches.Add((this, created));
        return created;
    }

    /// <summary>Per thread: each word's evidence row, word-list mask and foreign-letter count, by stem length and text.</summary>
    private sealed class WordCache
    {
        private const int MaxWords = 20_000;

        private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
        private float[] _vectors = new float[256 * MaxLanguages];
        private uint[] _masks = new uint[256];
        private int[] _foreign = new int[256];

        /// <summary>True with the word's slot when known; else false with a new slot to fill and <see cref="Set"/>.</summary>
        public bool TryGet(ReadOnlySpan<char> key, int stride, out int slot, out uint mask, out int foreign)
        {
            var lookup = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(key, out slot))
            {
                mask = _masks[slot];
                foreign = _foreign[slot];
                return true;
            }
            if (_slots.Count >= MaxWords)
            {
                _slots.Clear();
            }
            slot = _slots.Count;
            lookup[key] = slot;
            if (_masks.Length <= slot)
            {
                Array.Resize(ref _masks, _masks.Length * 2);
                Array.Resize(ref _foreign, _foreign.Length * 2);
            }
            if (_vectors.Length < (slot + 1) * stride)
            {
                Array.Resize(ref _vectors, Math.Max((slot + 1) * stride, _vectors.Length * 2));
            }
            mask = 0;
            foreign = 0;
            return false;
        }

        public Span<float> Vector(int slot, int stride) => _vectors.AsSpan(slot * stride, stride);

        public void Set(int slot, uint mask, int foreign)
        {
            _masks[slot] = mask;
            _foreign[slot] = foreign;
        }
    }

    /// <summary>
    /// Whether a verdict needs words from the winner's list. Latin script serves dozens of languages
    /// the group does not model, which only their missing common words give away; the other groups'
    /// outsiders (Pashto, Kazakh...) show letters the group lacks, and Arabic clitics hide whole words.
    /// </summary>
    public bool RequiresCommonWords { get; }

    public IReadOnlyList<string> Codes { get; }

    public int Count => Codes.Count;

    /// <summary>Floats per language row: <see cref="Count"/> rounded up to whole SIMD vectors.</summary>
    public int Stride { get; }

    public int IndexOf(string code)
    {
        for (var i = 0; i < Codes.Count; i++)
        {
            if (Codes[i] == code)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Adds the evidence of every word of this group's script in <paramref name="sample"/> to the tally,
    /// whose <see cref="GroupTally.Scores"/> must hold <see cref="Stride"/> floats.
    /// </summary>
    /// <param name="discountCapitals">
    /// False for all-caps or title-case text, where a capital says nothing about proper nouns.
    /// </param>
    public void Score(ReadOnlySpan<char> sample, bool discountCapitals, ref GroupTally tally)
    {
        Span<char> buffer = stackalloc char[WordScanner.MaxWordLength];
        Span<char> key = stackalloc char[WordScanner.MaxWordLength + 1];
        var cache = Cache();
        var scanner = new WordScanner(sample);
        while (scanner.Next(buffer, out var scanned))
        {
            if (scanned.Script != Script || scanned.TooLong || scanned.Letters == 0)
            {
                continue;
            }
            var text = buffer[..scanned.Length];
            // A word's evidence depends on its (lower-cased) text and stem alone: computed once per thread and reused.
            key[0] = (char)scanned.StemLength;
            text.CopyTo(key[1..]);
            if (!cache.TryGet(key[..(text.Length + 1)], Stride, out var slot, out var mask, out var foreign))
            {
                mask = words.Find(text, scanned.Hash);
                var fresh = cache.Vector(slot, Stride);
                fresh.Clear();
                for (var bits = mask; bits != 0; bits &= bits - 1)
                {
                    fresh[BitOperations.TrailingZeroCount(bits)] += WordHitWeight;
                }
                AddTrigrams(buffer[..scanned.StemLength], fresh);
                foreign = AddLetters(text, fresh);
                cache.Set(slot, mask, foreign);
            }
            var word = cache.Vector(slot, Stride);
            var weight = WordWeight(scanned, mask != 0, discountCapitals);
            for (var bits = mask; bits != 0; bits &= bits - 1)
            {
                tally.Hits[BitOperations.TrailingZeroCount(bits)] += weight;
            }
            if (weight >= 0.5f)
            {
                tally.Letters += scanned.Letters;
                tally.ForeignLetters += foreign;
            }

            AddScaled(tally.Scores, word, weight);
            if (mask != 0 && tally.Known < tally.KnownMasks.Length)
            {
                tally.KnownMasks[tally.Known] = mask;
                tally.KnownWeights[tally.Known] = weight;
                tally.Known++;
            }
            tally.Evidence += weight;
        }
    }

    /// <summary>
    /// How much a word counts. Capitalized words inside a sentence are mostly names (Erdoğan, Ankara,
    /// Bundestag) whose spelling follows another language than the text around them; quotations may
    /// be in another language than the article quoting them.
    /// </summary>
    private static float WordWeight(in ScannedWord word, bool known, bool discountCapitals)
    {
        var weight = 1f;
        if (discountCapitals && (word.Capitalized || word.AllCaps))
        {
            if (word.SentenceInitial && !word.AllCaps)
            {
                weight = known ? 1f : 0.5f;
            }
            else
            {
                weight = known ? 0.6f : 0.2f;
            }
        }
        return word.InQuote ? weight * 0.5f : weight;
    }

    private void AddTrigrams(ReadOnlySpan<char> stem, Span<float> word)
    {
        ulong key = ' ';
        for (var i = 0; i <= stem.Length; i++)
        {
            key = TrigramTable.Shift(key, i < stem.Length ? stem[i] : ' ');
            if (i == 0)
            {
                continue; // the first key holds only the leading space and one letter
            }
            var row = trigrams.Find(key);
            if (row >= 0)
            {
                Add(word, trigramScores.AsSpan(row * Stride, Stride));
            }
        }
    }

    private int AddLetters(ReadOnlySpan<char> text, Span<float> word)
    {
        var foreign = 0;
        foreach (var c in text)
        {
            if (c < 0x80 || c == '\'')
            {
                continue;
            }
            var row = c < CharTableSize ? letterRows[c] : (short)-1;
            if (row < 0)
            {
                foreign++;
            }
            else if (row > 0)
            {
                Add(word, letterScores.AsSpan(row * Stride, Stride));
            }
        }
        return foreign;
    }

    private static void Add(Span<float> into, ReadOnlySpan<float> row)
    {
        var target = MemoryMarshal.Cast<float, Vector<float>>(into);
        var source = MemoryMarshal.Cast<float, Vector<float>>(row);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    private static void AddScaled(Span<float> into, ReadOnlySpan<float> row, float factor)
    {
        var target = MemoryMarshal.Cast<float, Vector<float>>(into);
        var source = MemoryMarshal.Cast<float, Vector<float>>(row);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i] * factor;
        }
    }

    private static WordTable BuildWords(string[][] lists)
    {
        var masks = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (var lang = 0; lang < lists.Length; lang++)
        {
            foreach (var w in lists[lang])
            {
                masks[w] = masks.GetValueOrDefault(w) | (1u << lang);
            }
        }
        return new WordTable(masks);
    }

    /// <summary>
    /// Trigram log-probabilities per language from the word lists (each word once, padded with spaces),
    /// centred per trigram so a row holds only how much each language prefers it over the others.
    /// </summary>
    private static (TrigramTable Table, float[] Scores) BuildTrigrams(string[][] lists, int stride)
    {
        var n = lists.Length;
        var rowOf = new Dictionary<ulong, int>(TrigramTable.KeyComparer.Instance);
        var counts = new List<float>();
        var totals = new float[n];
        for (var lang = 0; lang < n; lang++)
        {
            foreach (var w in lists[lang])
            {
                var stem = w.EndsWith('\'') ? w.AsSpan(0, w.Length - 1) : w.AsSpan();
                ulong key = ' ';
                for (var i = 0; i <= stem.Length; i++)
                {
                    key = TrigramTable.Shift(key, i < stem.Length ? stem[i] : ' ');
                    if (i == 0)
                    {
                        continue;
                    }
                    if (!rowOf.TryGetValue(key, out var row))
                    {
                        row = rowOf.Count;
                        rowOf[key] = row;
                        for (var j = 0; j < n; j++)
                        {
                            counts.Add(0);
                        }
                    }
                    counts[(row * n) + lang]++;
                    totals[lang]++;
                }
            }
        }

        var vocabulary = rowOf.Count;
        var table = new TrigramTable(vocabulary);
        var scores = new float[vocabulary * stride];
        var logs = new double[n];
        foreach (var (key, row) in rowOf)
        {
            table.Add(key, row);
            var mean = 0d;
            for (var lang = 0; lang < n; lang++)
            {
                var count = counts[(row * n) + lang];
                logs[lang] = Math.Log((count + TrigramSmoothing) / (totals[lang] + (TrigramSmoothing * vocabulary)));
                mean += logs[lang];
            }
            mean /= n;
            for (var lang = 0; lang < n; lang++)
            {
                scores[(row * stride) + lang] = (float)(TrigramWeight * (logs[lang] - mean));
            }
        }
        return (table, scores);
    }

    /// <summary>
    /// Row 0 marks the shared base alphabet; rows from 1 hold a bonus for each language that uses the
    /// letter; -1 marks letters none of the group's languages uses (ř, ő, ђ outside Serbian...).
    /// </summary>
    private static (short[] Rows, float[] Scores) BuildLetters(string baseAlphabet, IReadOnlyList<LanguageProfile> profiles, int stride)
    {
        var rows = new short[CharTableSize];
        Array.Fill(rows, (short)-1);
        foreach (var c in baseAlphabet)
        {
            rows[c] = 0;
        }
        var distinct = new List<char>();
        foreach (var profile in profiles)
        {
            foreach (var letter in profile.Letters)
            {
                var c = WordScanner.Fold(letter);
                if (rows[c] != 0 && !distinct.Contains(c))
                {
                    distinct.Add(c);
                }
            }
        }
        var scores = new float[(distinct.Count + 1) * stride];
        for (var r = 0; r < distinct.Count; r++)
        {
            var c = distinct[r];
            rows[c] = (short)(r + 1);
            for (var lang = 0; lang < profiles.Count; lang++)
            {
                foreach (var letter in profiles[lang].Letters)
                {
                    if (WordScanner.Fold(letter) == c)
                    {
                        scores[((r + 1) * stride) + lang] = LetterWeight;
                    }
                }
            }
        }
        return (rows, scores);
    }

    /// <summary>The words of a profile, normalized as the scanner normalizes text.</summary>
    internal static string[] SplitWords(string words)
    {
        var split = words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < split.Length; i++)
        {
            split[i] = string.Create(split[i].Length, split[i], static (span, w) =>
            {
                for (var j = 0; j < w.Length; j++)
                {
                    span[j] = CharClass.IsApostrophe(w[j]) ? '\'' : WordScanner.Fold(w[j]);
                }
            });
        }
        return split;
    }
}

/// <summary>
/// Open-addressing map from a trigram (three UTF-16 units packed in 48 bits) to its score row.
/// A multiplicative hash spreads the packed keys, which the default ulong hash (high ^ low) folds onto
/// each other; a lookup is one multiply and, nearly always, one probe.
/// </summary>
internal sealed class TrigramTable
{
    private const ulong Golden = 0x9E37_79B9_7F4A_7C15;

    private readonly ulong[] keys;
    private readonly int[] rows;
    private readonly int shift;
    private readonly int mask;

    public TrigramTable(int count)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2));
        keys = new ulong[size];
        rows = new int[size];
        mask = size - 1;
        shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>Same spreading hash for the dictionary that collects trigrams while the model is built.</summary>
    public sealed class KeyComparer : IEqualityComparer<ulong>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(ulong x, ulong y) => x == y;

        public int GetHashCode(ulong obj) => (int)((obj * Golden) >> 32);
    }

    /// <summary>Slides a character into a trigram key; a key is never 0, the empty-slot marker.</summary>
    public static ulong Shift(ulong key, char c) => ((key << 16) | c) & 0xFFFF_FFFF_FFFFUL;

    public void Add(ulong key, int row)
    {
        var slot = (int)((key * Golden) >> shift);
        while (keys[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        rows[slot] = row;
    }

    public int Find(ulong key)
    {
        var slot = (int)((key * Golden) >> shift);
        while (true)
        {
            var k = keys[slot];
            if (k == key)
            {
                return rows[slot];
            }
            if (k == 0)
            {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// <summary>
/// Open-addressing map from a listed word to the languages that list it, probed with the hash the
/// scanner computed while folding the word, so a lookup neither re-reads nor re-hashes it.
/// </summary>
internal sealed class WordTable
{
    private readonly int[] slots;
    private readonly uint[] hashes;
    private readonly string[] words;
    private readonly uint[] masks;
    private readonly int mask;

    public WordTable(IReadOnlyDictionary<string, uint> entries)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        slots = new int[size];
        Array.Fill(slots, -1);
        mask = size - 1;
        hashes = new uint[entries.Count];
        words = new string[entries.Count];
        masks = new uint[entries.Count];
        var next = 0;
        foreach (var (word, languages) in entries)
        {
            var hash = WordScanner.Hash(word);
            var slot = (int)(hash & (uint)mask);
            while (slots[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = next;
            hashes[next] = hash;
            words[next] = word;
            masks[next] = languages;
            next++;
        }
    }

    /// <summary>The languages listing <paramref name="word"/> as bits, 0 for an unlisted word.</summary>
    public uint Find(ReadOnlySpan<char> word, uint hash)
    {
        var slot = (int)(hash & (uint)mask);
        while (true)
        {
            var entry = slots[slot];
            if (entry < 0)
            {
                return 0;
            }
            if (hashes[entry] == hash && word.SequenceEqual(words[entry]))
            {
                return masks[entry];
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// <summary>Running totals of one group's evidence over a text; the spans live on the caller's stack.</summary>
internal ref struct GroupTally
{
    /// <summary>Per language: the summed log-odds of every word; <see cref="ScriptGroupModel.Stride"/> long.</summary>
    public Span<float> Scores;
    /// <summary>Per language: the weight of words found in its word list.</summary>
    public Span<float> Hits;
    /// <summary>Per word-list word, in text order: which languages list it, and its weight.</summary>
    public Span<uint> KnownMasks;
    public Span<float> KnownWeights;
    public int Known;
    /// <summary>Summed word weights: how much the text said, names and quotations discounted.</summary>
    public float Evidence;
    /// <summary>Letters of the words that are not names or quotations, and those no language of the group uses.</summary>
    public int Letters;
    public int ForeignLetters;

    /// <summary>
    /// The weight of the words that another language's list holds and the <paramref name="top"/>
    /// language's does not, for the language with the most of them: a second language mixed in.
    /// </summary>
    public readonly float Intruders(int top, int count)
    {
        Span<float> foreign = stackalloc float[ScriptGroupModel.MaxLanguages];
        var topBit = 1u << top;
        for (var k = 0; k < Known; k++)
        {
            var mask = KnownMasks[k];
            if ((mask & topBit) != 0)
            {
                continue;
            }
            for (var bits = mask; bits != 0; bits &= bits - 1)
            {
                foreign[BitOperations.TrailingZeroCount(bits)] += KnownWeights[k];
            }
        }
        var most = 0f;
        for (var i = 0; i < count; i++)
        {
            most = Math.Max(most, foreign[i]);
        }
        return most;
    }
}
