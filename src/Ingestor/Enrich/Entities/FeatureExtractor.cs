using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ingestor.Enrich.Entities;

/// <summary>What the tagger knows about one token before looking at labels: hashes of its forms and context flags.</summary>
internal struct TokenView
{
    public ulong Word;
    public ulong Lower;
    public ulong Shape;
    public ulong ShortShape;
    public ulong Prefix1, Prefix2, Prefix3, Prefix4;
    public ulong Suffix1, Suffix2, Suffix3, Suffix4, Suffix5;

    /// <summary>Lower-case key used for gazetteer matching and document-level aggregation.</summary>
    public ulong Key;

    /// <summary>Bits of the phrase lists covering the token (see <see cref="PhraseLists.Match"/>).</summary>
    public ulong Lists;

    public int SentenceFirst;
    public int SentenceEnd;

    /// <summary>0 lower-case start, 1 capitalized, 2 all capitals, 3 starts with a digit, 4 punctuation or symbol.</summary>
    public byte Case;

    /// <summary>
    /// 0 inside a sentence, 1 first word of a sentence, 2 in an all-capitals line (headline, dateline),
    /// 3 in a title-case line (every word but minor ones capitalized: headings, headlines, bylines, tables).
    /// </summary>
    public byte Context;

    /// <summary>A minor word that title case leaves in lower case ("of", "the", "and", ...).</summary>
    public bool Minor;

    /// <summary>Has neither letters nor digits.</summary>
    public readonly bool IsPunctuation => Case == 4;

    /// <summary>Bit 0: the word appears in lower case elsewhere in the document; bit 1: capitalized mid-sentence elsewhere.</summary>
    public byte DocumentFlags;
}

/// <summary>
/// Turns a segmented document into feature keys: per-token word, shape, affix, window (±2), case-in-context,
/// gazetteer and document-level features (stage 1), plus features of stage-1 predictions elsewhere in the same
/// document (stage 2). Keys are 64-bit hashes; the model maps them to weight rows.
/// </summary>
internal sealed class FeatureExtractor
{
    private const int MaxAffix = 5;

    private static readonly ulong Bos = FeatureHash.Text("<s>", lower: false);
    private static readonly ulong Eos = FeatureHash.Text("</s>", lower: false);

    private readonly Dictionary<ulong, (int Lower, int CapitalizedMidSentence)> _documentCounts = [];
    private readonly Dictionary<ulong, int> _aggregateIndex = [];
    private readonly List<int> _aggregateCounts = [];
    private ulong[] _keys = new ulong[64];
    private bool[] _lowerCase = new bool[64];
    private ulong[] _listBits = new ulong[64];

    public TokenView[] Views { get; private set; } = new TokenView[256];

    public int Count { get; private set; }

    /// <summary>Most distinct token texts remembered (per extractor, i.e. per tagging thread) before starting afresh.</summary>
    internal const int MaxTypes = 100_000;

    // A token's own features depend on its text alone, and news repeats its words: each distinct text is
    // described once and later occurrences copy the description (identical to describing them again).
    private readonly Dictionary<string, int> _typeIds = new(StringComparer.Ordinal);
    private TokenView[] _typeViews = new TokenView[1024];
    private int[] _tokenTypes = new int[256];

    /// <summary>Per token of the current document, the id of its text among the remembered ones.</summary>
    public ReadOnlySpan<int> TokenTypes => _tokenTypes.AsSpan(0, Count);

    /// <summary>How many distinct texts are remembered; ids run from 0 to this.</summary>
    public int TypeCount => _typeIds.Count;

    /// <summary>Changes whenever the remembered texts are forgotten (ids are then reused).</summary>
    public int TypeGeneration { get; private set; }

    /// <summary>Analyzes a document; afterwards <see cref="Views"/> holds one entry per token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Analyze(SegmentedText document, PhraseLists lists)
    {
        var tokens = document.TokenArray;
        var text = document.Text;
        Count = tokens.Length;
        if (Views.Length < Count)
        {
            Views = new TokenView[Math.Max(Count, Views.Length * 2)];
        }
        if (_keys.Length < Count)
        {
            _keys = new ulong[Math.Max(Count, _keys.Length * 2)];
        }
        var views = Views.AsSpan(0, Count);
        if (_tokenTypes.Length < Count)
        {
            _tokenTypes = new int[Math.Max(Count, _tokenTypes.Length * 2)];
        }
        if (_typeIds.Count + Count > MaxTypes)
        {
            _typeIds.Clear();
            TypeGeneration++;
        }
        var types = _typeIds.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < Count; i++)
        {
            var token = tokens[i].In(text);
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(types, token, out var known);
            if (!known)
            {
                id = _typeIds.Count - 1;
                if (_typeViews.Length <= id)
                {
                    Array.Resize(ref _typeViews, _typeViews.Length * 2);
                }
                DescribeToken(token, ref _typeViews[id]);
            }
            _tokenTypes[i] = id;
            views[i] = _typeViews[id];
            _keys[i] = views[i].Key;
        }
        if (_lowerCase.Length < Count)
        {
            _lowerCase = new bool[Math.Max(Count, _lowerCase.Length * 2)];
            _listBits = new ulong[_lowerCase.Length];
        }
        for (var i = 0; i < Count; i++)
        {
            _lowerCase[i] = views[i].Case == 0;
        }
        var listBits = _listBits.AsSpan(0, Count);
        lists.Match(_keys.AsSpan(0, Count), _lowerCase.AsSpan(0, Count), document.SentenceArray, listBits);
        foreach (var sentence in document.SentenceArray)
        {
            MarkSentence(views, sentence);
        }
        _documentCounts.Clear();
        for (var i = 0; i < Count; i++)
        {
            ref var view = ref views[i];
            view.Lists = listBits[i];
            if (view.Case is 0 or 1 or 2)
            {
                ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_documentCounts, view.Key, out _);
                if (view.Case == 0)
                {
                    counts.Lower++;
                }
                else if (view.Context == 0)
                {
                    counts.CapitalizedMidSentence++;
                }
            }
        }
        for (var i = 0; i < Count; i++)
        {
            ref var view = ref views[i];
            if (view.Case is 1 or 2 && _documentCounts.TryGetValue(view.Key, out var counts))
            {
                var othersCapitalized = counts.CapitalizedMidSentence - (view.Context == 0 ? 1 : 0);
                view.DocumentFlags = (byte)((counts.Lower > 0 ? 1 : 0) | (othersCapitalized > 0 ? 2 : 0));
            }
        }
    }

    /// <summary>Writes the stage-1 (local and document) feature keys of token <paramref name="i"/>; returns how many.</summary>
    public int LocalKeys(int i, Span<ulong> keys)
    {
        var n = OwnKeys(Views[i], keys);
        return n + ContextKeys(i, keys[n..]);
    }

    /// <summary>Keys of the token's own text (<see cref="OwnKeyCount"/> of them): the same wherever the text occurs.</summary>
    public const int OwnKeyCount = 14;

    /// <summary>The first <see cref="OwnKeyCount"/> keys of <see cref="LocalKeys"/>: word, shapes and affixes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int OwnKeys(in TokenView t, Span<ulong> keys)
    {
        var n = 0;
        keys[n++] = FeatureHash.Mix(1, 0);
        keys[n++] = FeatureHash.Mix(2, t.Word);
        keys[n++] = FeatureHash.Mix(3, t.Lower);
        keys[n++] = FeatureHash.Mix(4, t.Shape);
        keys[n++] = FeatureHash.Mix(5, t.ShortShape);
        keys[n++] = FeatureHash.Mix(6, t.Prefix1);
        keys[n++] = FeatureHash.Mix(7, t.Prefix2);
        keys[n++] = FeatureHash.Mix(8, t.Prefix3);
        keys[n++] = FeatureHash.Mix(9, t.Prefix4);
        keys[n++] = FeatureHash.Mix(10, t.Suffix1);
        keys[n++] = FeatureHash.Mix(11, t.Suffix2);
        keys[n++] = FeatureHash.Mix(12, t.Suffix3);
        keys[n++] = FeatureHash.Mix(13, t.Suffix4);
        keys[n++] = FeatureHash.Mix(14, t.Suffix5);
        return n;
    }

    /// <summary>The rest of <see cref="LocalKeys"/>: features of the window, the sentence, the lists and the document.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ContextKeys(int i, Span<ulong> keys)
    {
        var views = Views;
        ref readonly var t = ref views[i];
        var n = 0;
        var first = t.SentenceFirst;
        var end = t.SentenceEnd;
        var lowerP1 = i - 1 >= first ? views[i - 1].Lower : Bos;
        var lowerP2 = i - 2 >= first ? views[i - 2].Lower : Bos;
        var lowerN1 = i + 1 < end ? views[i + 1].Lower : Eos;
        var lowerN2 = i + 2 < end ? views[i + 2].Lower : Eos;
        var shapeP1 = i - 1 >= first ? views[i - 1].ShortShape : Bos;
        var shapeP2 = i - 2 >= first ? views[i - 2].ShortShape : Bos;
        var shapeN1 = i + 1 < end ? views[i + 1].ShortShape : Eos;
        var shapeN2 = i + 2 < end ? views[i + 2].ShortShape : Eos;
        ulong caseP1 = i - 1 >= first ? views[i - 1].Case : 9UL;
        ulong caseN1 = i + 1 < end ? views[i + 1].Case : 9UL;

        keys[n++] = FeatureHash.Mix(20, lowerP1);
        keys[n++] = FeatureHash.Mix(21, lowerN1);
        keys[n++] = FeatureHash.Mix(22, lowerP2);
        keys[n++] = FeatureHash.Mix(23, lowerN2);
        keys[n++] = FeatureHash.Mix(25, lowerP1, t.Lower);
        keys[n++] = FeatureHash.Mix(26, t.Lower, lowerN1);
        keys[n++] = FeatureHash.Mix(27, shapeP1, t.ShortShape, shapeN1);
        keys[n++] = FeatureHash.Mix(28, shapeP1);
        keys[n++] = FeatureHash.Mix(29, shapeN1);
        keys[n++] = FeatureHash.Mix(30, shapeP2, shapeP1, t.ShortShape);
        keys[n++] = FeatureHash.Mix(31, t.ShortShape, shapeN1, shapeN2);
        keys[n++] = FeatureHash.Mix(32, t.Context, t.ShortShape);
        keys[n++] = FeatureHash.Mix(33, t.Context, t.Lower);
        keys[n++] = FeatureHash.Mix(34, caseP1, t.Case, caseN1);
        keys[n++] = FeatureHash.Mix(35, lowerP1, t.ShortShape);
        keys[n++] = FeatureHash.Mix(36, t.ShortShape, lowerN1);
        keys[n++] = FeatureHash.Mix(37, t.DocumentFlags, t.Context, t.Case);

        for (var bits = t.Lists; bits != 0; bits &= bits - 1)
        {
            var bit = (ulong)System.Numerics.BitOperations.TrailingZeroCount(bits);
            keys[n++] = FeatureHash.Mix(40, bit);
            keys[n++] = FeatureHash.Mix(41, bit, t.Case);
        }
        if (i - 1 >= first)
        {
            for (var bits = views[i - 1].Lists; bits != 0; bits &= bits - 1)
            {
                keys[n++] = FeatureHash.Mix(42, (ulong)System.Numerics.BitOperations.TrailingZeroCount(bits));
            }
        }
        if (i + 1 < end)
        {
            for (var bits = views[i + 1].Lists; bits != 0; bits &= bits - 1)
            {
                keys[n++] = FeatureHash.Mix(43, (ulong)System.Numerics.BitOperations.TrailingZeroCount(bits));
            }
        }
        return n;
    }

    /// <summary>Most keys one token can produce (fixed templates plus list bits of the token and its neighbours).</summary>
    public const int MaxLocalKeys = 40 + 2 * 64 + 64 + 64;

    public const int MaxStageTwoKeys = 16;

    /// <summary>Per aggregated word: 5 type counts (O + 4 types), 5 type counts in mid-sentence occurrences, 17 label counts.</summary>
    private const int AggregateWidth = 5 + 5 + Bilou.Count;

    /// <summary>
    /// Prepares stage 2: aggregates the stage-1 labels of every capitalized occurrence of each word in the document.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Aggregate(ReadOnlySpan<int> stageOneLabels)
    {
        _aggregateIndex.Clear();
        _aggregateCounts.Clear();
        var views = Views;
        for (var i = 0; i < Count; i++)
        {
            if (views[i].Case is not (1 or 2))
            {
                continue;
            }
            if (!_aggregateIndex.TryGetValue(views[i].Key, out var slot))
            {
                slot = _aggregateCounts.Count;
                _aggregateIndex[views[i].Key] = slot;
                for (var k = 0; k < AggregateWidth; k++)
                {
                    _aggregateCounts.Add(0);
                }
            }
            var label = stageOneLabels[i];
            _aggregateCounts[slot + TypeSlot(label)]++;
            if (views[i].Context == 0)
            {
                _aggregateCounts[slot + 5 + TypeSlot(label)]++;
            }
            _aggregateCounts[slot + 10 + label]++;
        }
    }

    /// <summary>Writes the stage-2 keys of token <paramref name="i"/> (after <see cref="Aggregate"/>); returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int StageTwoKeys(int i, ReadOnlySpan<int> stageOneLabels, Span<ulong> keys)
    {
        ref readonly var t = ref Views[i];
        var n = 0;
        var own = stageOneLabels[i];
        ulong previous = i - 1 >= t.SentenceFirst ? (ulong)stageOneLabels[i - 1] : 99UL;
        ulong next = i + 1 < t.SentenceEnd ? (ulong)stageOneLabels[i + 1] : 99UL;
        keys[n++] = FeatureHash.Mix(60, (ulong)own);
        keys[n++] = FeatureHash.Mix(61, previous, (ulong)own);
        keys[n++] = FeatureHash.Mix(62, (ulong)own, next);
        if (t.Case is not (1 or 2) || !_aggregateIndex.TryGetValue(t.Key, out var slot))
        {
            return n;
        }
        var counts = CollectionsMarshal.AsSpan(_aggregateCounts).Slice(slot, AggregateWidth);
        Span<int> others = stackalloc int[AggregateWidth];
        counts.CopyTo(others);
        // Leave this occurrence out: the features describe the word's other occurrences.
        others[TypeSlot(own)]--;
        if (t.Context == 0)
        {
            others[5 + TypeSlot(own)]--;
        }
        others[10 + own]--;
        var types = others[..5];
        var best = -1;
        var total = 0;
        for (var k = 0; k < 5; k++)
        {
            total += types[k];
            if (types[k] > 0)
            {
                keys[n++] = FeatureHash.Mix(63, (ulong)k);
                if (best < 0 || types[k] > types[best])
                {
                    best = k;
                }
            }
        }
        if (best < 0)
        {
            return n;
        }
        var unanimous = types[best] == total ? 1UL : 0UL;
        keys[n++] = FeatureHash.Mix(64, (ulong)best, unanimous);
        keys[n++] = FeatureHash.Mix(65, (ulong)best, t.Context, t.Case);
        keys[n++] = FeatureHash.Mix(66, (ulong)best, (ulong)TypeSlot(own));
        var middle = others.Slice(5, 5);
        var bestMiddle = Largest(middle);
        if (bestMiddle >= 0)
        {
            keys[n++] = FeatureHash.Mix(67, (ulong)bestMiddle, t.Context);
        }
        var bestLabel = Largest(others.Slice(10, Bilou.Count));
        if (bestLabel >= 0)
        {
            keys[n++] = FeatureHash.Mix(68, (ulong)bestLabel);
        }
        return n;
    }

    /// <summary>Index of the largest positive count (first on ties), or -1 when all are zero.</summary>
    private static int Largest(ReadOnlySpan<int> counts)
    {
        var best = -1;
        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] > 0 && (best < 0 || counts[k] > counts[best]))
            {
                best = k;
            }
        }
        return best;
    }

    /// <summary>0 for O, 1 + type for an entity label.</summary>
    private static int TypeSlot(int label) => label == Bilou.Outside ? 0 : 1 + (int)Bilou.TypeOf(label);

    private static readonly HashSet<ulong> MinorWords = [.. HeadlineCasing.MinorWords.Select(w => FeatureHash.Text(w, lower: true))];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MarkSentence(Span<TokenView> views, Sentence sentence)
    {
        var end = sentence.EndToken;
        int withLetters = 0, capitals = 0, titled = 0, lowered = 0;
        for (var i = sentence.FirstToken; i < end; i++)
        {
            var view = views[i];
            if (view.Case is 0 or 1 or 2)
            {
                withLetters++;
                capitals += view.Case == 2 ? 1 : 0;
                if (!view.Minor)
                {
                    titled += view.Case is 1 or 2 ? 1 : 0;
                    lowered += view.Case == 0 ? 1 : 0;
                }
            }
        }
        var context = capitals > 0 && capitals * 5 >= withLetters * 4 ? (byte)2
            : titled >= 2 && lowered == 0 ? (byte)3
            : (byte)0;
        var seenWord = false;
        for (var i = sentence.FirstToken; i < end; i++)
        {
            ref var view = ref views[i];
            view.SentenceFirst = sentence.FirstToken;
            view.SentenceEnd = end;
            var isWord = !view.IsPunctuation;
            view.Context = context != 0 ? context : isWord && !seenWord ? (byte)1 : (byte)0;
            seenWord |= isWord;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DescribeToken(ReadOnlySpan<char> token, ref TokenView view)
    {
        view = default;
        view.Word = FeatureHash.Text(token, lower: false);
        view.Lower = FeatureHash.Text(token, lower: true);
        view.Key = PhraseLists.TokenKey(token);
        view.Minor = MinorWords.Contains(view.Lower);

        int letters = 0, uppers = 0, lowers = 0;
        var shape = new ShapeHash();
        var shortShape = new ShapeHash();
        char previousClass = '\0';
        var run = 0;
        foreach (var raw in token)
        {
            var c = FeatureHash.Fold(raw);
            char cls;
            if (char.IsUpper(c))
            {
                cls = 'X';
                letters++;
                uppers++;
            }
            else if (char.IsLower(c))
            {
                cls = 'x';
                letters++;
                lowers++;
            }
            else if (char.IsDigit(c))
            {
                cls = 'd';
            }
            else if (char.IsLetter(c))
            {
                cls = 'L';
                letters++;
            }
            else
            {
                cls = c;
            }
            run = cls == previousClass ? run + 1 : 1;
            if (run <= 4)
            {
                shape.Add(cls);
            }
            if (run == 1)
            {
                shortShape.Add(cls);
            }
            previousClass = cls;
        }
        view.Shape = shape.Value;
        view.ShortShape = shortShape.Value;
        var firstChar = token[0];
        view.Case = letters == 0
            ? char.IsDigit(firstChar) ? (byte)3 : (byte)4
            : lowers == 0 && uppers >= 2 ? (byte)2
            : char.IsUpper(firstChar) ? (byte)1
            : char.IsLower(firstChar) ? (byte)0
            : char.IsDigit(firstChar) ? (byte)3
            : uppers > 0 ? (byte)1 : (byte)0;

        Span<ulong> prefixes = stackalloc ulong[MaxAffix];
        Span<ulong> suffixes = stackalloc ulong[MaxAffix];
        for (var k = 1; k <= MaxAffix; k++)
        {
            var length = Math.Min(k, token.Length);
            prefixes[k - 1] = FeatureHash.Text(token[..length], lower: true);
            suffixes[k - 1] = FeatureHash.Text(token[^length..], lower: true);
        }
        view.Prefix1 = prefixes[0];
        view.Prefix2 = prefixes[1];
        view.Prefix3 = prefixes[2];
        view.Prefix4 = prefixes[3];
        view.Suffix1 = suffixes[0];
        view.Suffix2 = suffixes[1];
        view.Suffix3 = suffixes[2];
        view.Suffix4 = suffixes[3];
        view.Suffix5 = suffixes[4];
    }

    private struct ShapeHash
    {
        private ulong _h;
        private int _length;

        public void Add(char c)
        {
            if (_length == 0)
            {
                _h = 14695981039346656037UL;
            }
            _h = (_h ^ c) * 1099511628211UL;
            _length++;
        }

        public readonly ulong Value => FeatureHash.Finish(_h ^ (ulong)_length);
    }
}
