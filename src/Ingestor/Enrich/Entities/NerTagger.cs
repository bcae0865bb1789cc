using System.Runtime.CompilerServices;
using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Tags names with a trained <see cref="NerModel"/>: tokenize and split sentences, score each token's features,
/// decode valid BILOU sequences with Viterbi, then (stage 2) decode again with features that see the stage-1 labels
/// of the same word elsewhere in the document. Thread-safe: per-call buffers live in a per-thread scratch.
/// </summary>
public sealed class NerTagger : IEntityTagger
{
    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly NerModel _model;

    public NerTagger(NerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>A tagger over the shipped model (<see cref="NerModel.LoadDefault"/>).</summary>
    public static NerTagger CreateDefault() => new(NerModel.LoadDefault());

    public IReadOnlyList<TaggedSpan> Tag(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tag(SegmentedText.Segment(text));
    }

    /// <summary>Tags an already segmented text (offsets refer to <see cref="SegmentedText.Text"/>).</summary>
    public IReadOnlyList<TaggedSpan> Tag(SegmentedText document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var scratch = t_scratch ??= new Scratch();
        var labels = Label(document, scratch);
        var spans = new List<(int First, int End, EntityType Type)>();
        Bilou.Decode(labels, spans);
        JoinNameParticles(document, spans);
        var result = new TaggedSpan[spans.Count];
        var tokens = document.TokenArray;
        for (var k = 0; k < spans.Count; k++)
        {
            var (first, end, type) = spans[k];
            result[k] = new TaggedSpan(tokens[first].Start, tokens[end - 1].End, type);
        }
        return result;
    }

    /// <summary>For debugging: each token with its stage-1 and final label, one per line; sentences end with a blank line.</summary>
    public string Explain(string text)
    {
        var document = SegmentedText.Segment(text);
        var scratch = new Scratch();
        var final = Label(document, scratch).ToArray();
        var first = scratch.Labels(final.Length).ToArray();
        var lines = new System.Text.StringBuilder();
        foreach (var sentence in document.SentenceArray)
        {
            for (var i = sentence.FirstToken; i < sentence.EndToken; i++)
            {
                var v = scratch.Extractor.Views[i];
                lines.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{document.Text[document.TokenArray[i].Start..document.TokenArray[i].End]}\t{Name(first[i])}\t{Name(final[i])}\tcase={v.Case} ctx={v.Context} doc={v.DocumentFlags} lists={v.Lists:x}\n");
            }
            lines.Append('\n');
        }
        return lines.ToString();

        static string Name(int label) => label == Bilou.Outside ? "O" : "BILU"[Bilou.PartOf(label) - 1] + "-" + Bilou.TypeOf(label).ToWire();
    }

    /// <summary>The final label of every token (valid BILOU within each sentence).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ReadOnlySpan<int> Label(SegmentedText document, Scratch scratch)
    {
        var extractor = scratch.Extractor;
        extractor.Analyze(document, _model.Lists);
        var n = extractor.Count;
        var table = _model.Table;
        var rowStarts = scratch.RowStarts(n + 1);
        var rows = scratch.Rows;
        var rowCount = 0;
        const int L = LinearChain.Labels;
        var model = _model;
        var stride = model.StageCount * L;
        // The weights of a token's own features (text, shape, affixes) are summed once per distinct text and
        // reused: integer sums, so adding the cached part and the context part gives exactly the same scores.
        var ownSums = scratch.OwnSums(model, extractor);
        var tokenTypes = extractor.TokenTypes;
        var views = extractor.Views;
        Span<ulong> keys = stackalloc ulong[FeatureExtractor.MaxLocalKeys];
        Span<int> ownRows = stackalloc int[FeatureExtractor.OwnKeyCount];
        for (var i = 0; i < n; i++)
        {
            var type = tokenTypes[i];
            if (!ownSums.Known(type))
            {
                var ownCount = FeatureExtractor.OwnKeys(views[i], keys);
                var found = 0;
                for (var k = 0; k < ownCount; k++)
                {
                    var row = table.Lookup(keys[k]);
                    if (row >= 0)
                    {
                        ownRows[found++] = row;
                    }
                }
                var target = ownSums.Start(type, stride);
                for (var stage = 0; stage < model.StageCount; stage++)
                {
                    LinearChain.AddQuantized(ownRows[..found], model.Weights, model.Stride, stage * L, target.Slice(stage * L, L));
                }
            }
            rowStarts[i] = rowCount;
            var count = extractor.ContextKeys(i, keys);
            if (rows.Length < rowCount + count)
            {
                Array.Resize(ref rows, Math.Max(rows.Length * 2, rowCount + count));
            }
            for (var k = 0; k < count; k++)
            {
                var row = table.Lookup(keys[k]);
                if (row >= 0)
                {
                    rows[rowCount++] = row;
                }
            }
        }
        rowStarts[n] = rowCount;
        scratch.Rows = rows;

        var emissions = scratch.Emissions(n);
        var stageTwoSums = scratch.Sums(model.StageCount == 2 ? n * L : 0);
        Span<int> sums = stackalloc int[L];
        for (var i = 0; i < n; i++)
        {
            var tokenRows = rows.AsSpan(rowStarts[i], rowStarts[i + 1] - rowStarts[i]);
            var own = ownSums.Of(tokenTypes[i], stride);
            own[..L].CopyTo(sums);
            LinearChain.AddQuantized(tokenRows, model.Weights, model.Stride, 0, sums);
            Scale(sums, model.Scales[0], emissions.Slice(i * L, L), views[i].IsPunctuation);
            if (model.StageCount == 2)
            {
                var stageTwo = stageTwoSums.Slice(i * L, L);
                own.Slice(L, L).CopyTo(stageTwo);
                LinearChain.AddQuantized(tokenRows, model.Weights, model.Stride, L, stageTwo);
            }
        }
        var labels = scratch.Labels(n);
        DecodeSentences(document, emissions, model.Transitions[0], labels, scratch.Viterbi);
        if (model.StageCount == 1)
        {
            return labels;
        }

        extractor.Aggregate(labels);
        Span<ulong> extra = stackalloc ulong[FeatureExtractor.MaxStageTwoKeys];
        Span<int> extraRows = stackalloc int[FeatureExtractor.MaxStageTwoKeys];
        for (var i = 0; i < n; i++)
        {
            var count = extractor.StageTwoKeys(i, labels, extra);
            var found = 0;
            for (var k = 0; k < count; k++)
            {
                var row = table.Lookup(extra[k]);
                if (row >= 0)
                {
                    extraRows[found++] = row;
                }
            }
            var tokenSums = stageTwoSums.Slice(i * L, L);
            LinearChain.AddQuantized(extraRows[..found], model.Weights, model.Stride, L, tokenSums);
            Scale(tokenSums, model.Scales[1], emissions.Slice(i * L, L), views[i].IsPunctuation);
        }
        var final = scratch.FinalLabels(n);
        DecodeSentences(document, emissions, model.Transitions[1], final, scratch.Viterbi);
        return final;
    }

    private static void Scale(ReadOnlySpan<int> sums, float scale, Span<float> scores, bool punctuation)
    {
        for (var y = 0; y < sums.Length; y++)
        {
            scores[y] = sums[y] * scale;
        }
        if (punctuation)
        {
            LinearChain.ForbidEntityStart(scores);
        }
    }

    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "bin", "bint", "ibn", "binti", "al", "el", "abu", "ben", "de", "da", "di", "do", "dos", "das", "du", "del",
        "della", "van", "von", "der", "den", "ter", "la", "le", "y", "zu",
    };

    /// <summary>
    /// Joins two person names separated only by name particles ("Mohammed" "bin" "Abdul Rahman Al Thani"), and
    /// extends a person name by a directly following particle-led word ("Abdul Rahman" "al-Thani"): the training
    /// news rarely shows such names whole, so the model may split them.
    /// </summary>
    private static void JoinNameParticles(SegmentedText document, List<(int First, int End, EntityType Type)> spans)
    {
        var tokens = document.TokenArray;
        for (var k = 0; k < spans.Count; k++)
        {
            var (first, end, type) = spans[k];
            var free = k + 1 == spans.Count || spans[k + 1].First > end;
            if (type == EntityType.Person && free && end < tokens.Length && IsParticleLed(tokens[end].In(document.Text))
                && SameSentence(document, first, end))
            {
                spans[k] = (first, end + 1, type);
            }
        }
        for (var k = spans.Count - 2; k >= 0; k--)
        {
            var (first, end, type) = spans[k];
            var next = spans[k + 1];
            if (type != EntityType.Person || next.Type != EntityType.Person || next.First - end is < 1 or > 2)
            {
                continue;
            }
            var particles = true;
            for (var i = end; i < next.First && particles; i++)
            {
                particles = NameParticles.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tokens[i].In(document.Text));
            }
            if (particles && document.SentenceArray.Length > 0 && SameSentence(document, first, next.End - 1))
            {
                spans[k] = (first, next.End, type);
                spans.RemoveAt(k + 1);
            }
        }
    }

    /// <summary>"al-Thani", "el-Sisi", "bin-Salman": a lower-case particle, a hyphen, a capitalized name.</summary>
    private static bool IsParticleLed(ReadOnlySpan<char> word)
    {
        var hyphen = word.IndexOf('-');
        return hyphen > 0 && hyphen + 1 < word.Length && char.IsUpper(word[hyphen + 1])
               && NameParticles.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word[..hyphen]);
    }

    private static bool SameSentence(SegmentedText document, int a, int b)
    {
        foreach (var sentence in document.SentenceArray)
        {
            if (a >= sentence.FirstToken && a < sentence.EndToken)
            {
                return b < sentence.EndToken;
            }
        }
        return false;
    }

    internal static void DecodeSentences(SegmentedText document, ReadOnlySpan<float> emissions, ReadOnlySpan<float> transitions,
        Span<int> labels, ViterbiScratch viterbi)
    {
        foreach (var sentence in document.SentenceArray)
        {
            LinearChain.Decode(
                emissions.Slice(sentence.FirstToken * LinearChain.Labels, sentence.TokenCount * LinearChain.Labels),
                transitions, labels.Slice(sentence.FirstToken, sentence.TokenCount), viterbi);
        }
    }

    /// <summary>
    /// Per distinct token text (the extractor's type ids), the summed weights of its own features for each stage,
    /// valid for one model and one generation of the extractor's ids.
    /// </summary>
    internal sealed class OwnFeatureSums
    {
        private int[] _sums = new int[1024 * LinearChain.Labels * 2];
        private bool[] _known = new bool[1024];
        private NerModel? _model;
        private int _generation = -1;

        public OwnFeatureSums For(NerModel model, FeatureExtractor extractor)
        {
            if (!ReferenceEquals(model, _model) || extractor.TypeGeneration != _generation)
            {
                _model = model;
                _generation = extractor.TypeGeneration;
                Array.Clear(_known);
            }
            var types = extractor.TypeCount;
            if (_known.Length < types)
            {
                var length = Math.Max(types, _known.Length * 2);
                Array.Resize(ref _known, length);
                Array.Resize(ref _sums, length * LinearChain.Labels * 2);
            }
            return this;
        }

        public bool Known(int type) => _known[type];

        /// <summary>The cleared slots of <paramref name="type"/>, now marked known.</summary>
        public Span<int> Start(int type, int stride)
        {
            _known[type] = true;
            var slots = _sums.AsSpan(type * LinearChain.Labels * 2, stride);
            slots.Clear();
            return slots;
        }

        public ReadOnlySpan<int> Of(int type, int stride) => _sums.AsSpan(type * LinearChain.Labels * 2, stride);
    }

    /// <summary>Buffers reused across calls on one thread.</summary>
    internal sealed class Scratch
    {
        private readonly OwnFeatureSums _ownSums = new();

        public OwnFeatureSums OwnSums(NerModel model, FeatureExtractor extractor) => _ownSums.For(model, extractor);

        private int[] _rowStarts = new int[256];
        private float[] _emissions = new float[256 * LinearChain.Labels];
        private int[] _labels = new int[256];
        private int[] _final = new int[256];
        private int[] _sums = new int[256 * LinearChain.Labels];

        public FeatureExtractor Extractor { get; } = new();

        public ViterbiScratch Viterbi { get; } = new();

        public int[] Rows { get; set; } = new int[256 * 48];

        public Span<int> RowStarts(int length) => Grow(ref _rowStarts, length);

        public Span<int> Labels(int length) => Grow(ref _labels, length);

        public Span<int> FinalLabels(int length) => Grow(ref _final, length);

        /// <summary>Cleared integer weight sums.</summary>
        public Span<int> Sums(int length)
        {
            var sums = Grow(ref _sums, length);
            sums.Clear();
            return sums;
        }

        public Span<float> Emissions(int tokens)
        {
            var length = tokens * LinearChain.Labels;
            if (_emissions.Length < length)
            {
                _emissions = new float[Math.Max(length, _emissions.Length * 2)];
            }
            return _emissions.AsSpan(0, length);
        }

        private static Span<int> Grow(ref int[] buffer, int length)
        {
            if (buffer.Length < length)
            {
                buffer = new int[Math.Max(length, buffer.Length * 2)];
            }
            return buffer.AsSpan(0, length);
        }
    }
}
