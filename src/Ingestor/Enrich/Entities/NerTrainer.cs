using System.Diagnostics;
using System.Globalization;
using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>Settings of <see cref="NerTrainer.Train"/>.</summary>
public sealed record NerTrainingOptions
{
    /// <summary>Seeds the shuffles; the same data, lists and seed give the same model.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Passes over the training data per stage; the epoch with the best dev F1 is kept.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Stage-1 models trained on all but one fold label each training fold for stage 2 (jackknifing).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Whether to train stage 2 (document-level features from stage-1 predictions).</summary>
    public bool NonLocal { get; init; } = true;

    /// <summary>Besides headlines, title-case every n-th ordinary line of the training copies (0: none).</summary>
    public int TitleCaseBodyLines { get; init; } = 5;

    /// <summary>Features seen fewer times in the training data are left out.</summary>
    public int MinFeatureCount { get; init; } = 1;

    /// <summary>Receives progress lines.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>The trained model and its dev scores (measured on the model as saved: pruned and quantized).</summary>
public sealed record NerTrainingResult(NerModel Model, EntityScore Dev, int StageOneEpoch, int StageTwoEpoch);

/// <summary>
/// Trains the two-stage tagger with the averaged structured perceptron. Stage 1 uses local features; stage 2
/// adds features of stage-1 labels elsewhere in the document. Stage-1 labels of the training documents come from
/// models that did not see those documents (k-fold jackknifing), so stage 2 learns how far to trust them.
/// Single-threaded and deterministic for a given seed.
/// </summary>
public static partial class NerTrainer
{
    private const int L = LinearChain.Labels;

    public static NerTrainingResult Train(IReadOnlyList<ConllDocument> train, IReadOnlyList<ConllDocument> dev,
        PhraseLists lists, NerTrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(options);
        var log = options.Log ?? (_ => { });
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var extractor = new FeatureExtractor();
        var features = new FeatureIndex();

        // Training documents, then title-cased copies of those with all-capitals headlines: only the re-cased
        // lines of a copy are trained on, so the model also learns headlines and headings written in title case.
        var trainDocs = new List<Prepared>();
        for (var i = 0; i < train.Count; i++)
        {
            trainDocs.Add(Prepare(train[i], extractor, lists, origin: i, trainOn: null));
        }
        var augmented = 0;
        for (var i = 0; i < train.Count; i++)
        {
            if (HeadlineCasing.TitleCase(train[i], options.TitleCaseBodyLines) is { } copy)
            {
                trainDocs.Add(Prepare(copy.Document, extractor, lists, origin: i, trainOn: copy.Lines));
                augmented++;
            }
        }
        var devDocs = dev.Select(d => Prepare(d, extractor, lists, origin: -1, trainOn: null)).ToArray();
        var crossing = trainDocs.Sum(d => d.CrossingEntities);
        features.Count(trainDocs.Select(d => d.TrainingKeys()));
        features.Freeze(options.MinFeatureCount);
        foreach (var doc in trainDocs.Concat(devDocs))
        {
            (doc.Rows, doc.RowStarts) = features.Rows(doc.Keys!, doc.KeyStarts);
            doc.Keys = null;
        }
        var stageOneFeatures = features.Size;
        var sentences = trainDocs.SelectMany(d => d.TrainingSentences.Select(s => (Doc: d, Sentence: s))).ToArray();
        log(string.Create(CultureInfo.InvariantCulture,
            $"prepared {train.Count} training documents (+{augmented} title-cased headline copies; {sentences.Length} sentences, {sentences.Sum(s => s.Sentence.TokenCount)} tokens; {crossing} entities crossing a sentence end), {devDocs.Length} dev documents; {stageOneFeatures} features, {lists.PhraseCount} list phrases ({clock.Elapsed.TotalSeconds:0.0} s)"));

        var perceptron = new Perceptron(stageOneFeatures);
        var stageOne = TrainStage("stage 1", perceptron, sentences, devDocs, extra: false, options.Epochs, random, log, clock, cancellationToken);

        if (!options.NonLocal)
        {
            return Finish(features, [stageOne.Weights], dev, lists, options, stageOne.Epoch, 0, log);
        }

        // Jackknife: label each training fold with a stage-1 model trained on the other folds (a title-cased
        // copy goes with its original, whose text it shares).
        var order = Enumerable.Range(0, train.Count).ToArray();
        random.Shuffle(order);
        var folds = Math.Max(2, options.Folds);
        var foldOf = new int[train.Count];
        for (var k = 0; k < order.Length; k++)
        {
            foldOf[order[k]] = k % folds;
        }
        var viterbi = new ViterbiScratch();
        for (var fold = 0; fold < folds; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var foldSentences = sentences.Where(s => foldOf[s.Doc.Origin] != fold).ToArray();
            perceptron.Reset();
            for (var epoch = 0; epoch < stageOne.Epoch; epoch++)
            {
                random.Shuffle(foldSentences);
                foreach (var (doc, sentence) in foldSentences)
                {
                    perceptron.Learn(doc, sentence, extra: false, viterbi);
                }
            }
            var averaged = perceptron.Average();
            foreach (var doc in trainDocs.Where(d => foldOf[d.Origin] == fold))
            {
                doc.StageOneLabels = Predict(doc, averaged, extra: false, viterbi);
            }
            log(string.Create(CultureInfo.InvariantCulture, $"jackknife fold {fold + 1}/{folds} labelled ({clock.Elapsed.TotalSeconds:0.0} s)"));
        }
        foreach (var doc in devDocs)
        {
            doc.StageOneLabels = Predict(doc, stageOne.Weights, extra: false, viterbi);
        }

        Span<ulong> buffer = stackalloc ulong[FeatureExtractor.MaxStageTwoKeys];
        foreach (var doc in trainDocs.Concat(devDocs))
        {
            extractor.Analyze(doc.Segmented, lists);
            extractor.Aggregate(doc.StageOneLabels);
            var keys = new List<ulong>();
            var starts = new int[doc.Gold.Length + 1];
            for (var i = 0; i < doc.Gold.Length; i++)
            {
                starts[i] = keys.Count;
                var count = extractor.StageTwoKeys(i, doc.StageOneLabels, buffer);
                for (var k = 0; k < count; k++)
                {
                    keys.Add(buffer[k]);
                }
            }
            starts[^1] = keys.Count;
            doc.Keys = keys;
            doc.ExtraStarts = starts;
        }
        foreach (var doc in trainDocs)
        {
            features.Grow(doc.Keys!);
        }
        foreach (var doc in trainDocs.Concat(devDocs))
        {
            (doc.ExtraRows, doc.ExtraStarts) = features.Rows(doc.Keys!, doc.ExtraStarts);
            doc.Keys = null;
        }
        log(string.Create(CultureInfo.InvariantCulture, $"stage 2: {features.Size - stageOneFeatures} document-level features"));
        perceptron = new Perceptron(features.Size);
        var stageTwo = TrainStage("stage 2", perceptron, sentences, devDocs, extra: true, options.Epochs, random, log, clock, cancellationToken);
        var stageOneWeights = new StageWeights(Widen(stageOne.Weights.Weights, features.Size), stageOne.Weights.Transitions);
        return Finish(features, [stageOneWeights, stageTwo.Weights], dev, lists, options, stageOne.Epoch, stageTwo.Epoch, log);
    }

    private static (StageWeights Weights, int Epoch) TrainStage(string name, Perceptron perceptron,
        (Prepared Doc, Sentence Sentence)[] sentences, Prepared[] devDocs, bool extra, int epochs, Random random,
        Action<string> log, Stopwatch clock, CancellationToken cancellationToken)
    {
        var viterbi = new ViterbiScratch();
        StageWeights? best = null;
        var bestF1 = -1.0;
        var bestEpoch = 0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(sentences);
            var mistakes = 0;
            foreach (var (doc, sentence) in sentences)
            {
                mistakes += perceptron.Learn(doc, sentence, extra, viterbi) ? 1 : 0;
            }
            var averaged = perceptron.Average();
            var score = new EntityScore();
            foreach (var doc in devDocs)
            {
                score.Add(doc.Source, Spans(doc, Predict(doc, averaged, extra, viterbi)));
            }
            var improved = score.F1 > bestF1;
            if (improved)
            {
                best = averaged;
                bestF1 = score.F1;
                bestEpoch = epoch;
            }
            log(string.Create(CultureInfo.InvariantCulture,
                $"{name} epoch {epoch}/{epochs}: {mistakes} sentences wrong; dev {score}{(improved ? " *" : "")} ({clock.Elapsed.TotalSeconds:0.0} s)"));
        }
        return (best!, bestEpoch);
    }

    private static NerTrainingResult Finish(FeatureIndex features, StageWeights[] stages, IReadOnlyList<ConllDocument> dev,
        PhraseLists lists, NerTrainingOptions options, int stageOneEpoch, int stageTwoEpoch, Action<string> log)
    {
        var draft = Compact(features, stages, lists, "draft");
        using var buffer = new MemoryStream();
        draft.Save(buffer);
        buffer.Position = 0;
        var saved = NerModel.Load(buffer);
        var score = Evaluate(saved, dev);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Ingestor NER, averaged perceptron, {stages.Length} stage(s); seed {options.Seed}, epochs {stageOneEpoch}/{stageTwoEpoch} of {options.Epochs}, {options.Folds} folds; dev {score}");
        var model = saved.WithDescription(description);
        log(string.Create(CultureInfo.InvariantCulture,
            $"saved model: {model.FeatureCount} feature rows, {buffer.Length / 1024.0 / 1024.0:0.00} MB; dev {score}"));
        var titled = Evaluate(saved, dev.Select(d => HeadlineCasing.TitleCase(d)?.Document ?? d));
        log($"dev with headlines in title case: {titled}");
        return new NerTrainingResult(model, score, stageOneEpoch, stageTwoEpoch);
    }

    /// <summary>Scores a model on corpus documents, through the same path as <see cref="NerTagger.Tag(string)"/>.</summary>
    public static EntityScore Evaluate(NerModel model, IEnumerable<ConllDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var tagger = new NerTagger(model);
        var score = new EntityScore();
        foreach (var doc in documents)
        {
            score.Add(doc, tagger.Tag(doc.Text));
        }
        return score;
    }

    /// <summary>
    /// Builds the saved form: rows whose weights all round to zero are dropped, keys become 32-bit fingerprints
    /// (rows sharing one are merged), rows are sorted by fingerprint.
    /// </summary>
    private static NerModel Compact(FeatureIndex features, StageWeights[] stages, PhraseLists lists, string description)
    {
        var scales = stages.Select(s => Quantization.Scale(s.Weights)).ToArray();
        var merged = new Dictionary<uint, float[]>();
        for (var row = 0; row < features.Size; row++)
        {
            var keep = false;
            for (var s = 0; s < stages.Length && !keep; s++)
            {
                for (var y = 0; y < L && !keep; y++)
                {
                    keep = Quantization.Quantize(stages[s].Weights[row * L + y], scales[s]) != 0;
                }
            }
            if (!keep)
            {
                continue;
            }
            var fingerprint = FeatureTable.Fingerprint(features.KeyOf(row));
            if (!merged.TryGetValue(fingerprint, out var values))
            {
                merged[fingerprint] = values = new float[stages.Length * L];
            }
            for (var s = 0; s < stages.Length; s++)
            {
                for (var y = 0; y < L; y++)
                {
                    values[s * L + y] += stages[s].Weights[row * L + y];
                }
            }
        }
        var fingerprints = merged.Keys.Order().ToArray();
        var compacted = new StageWeights[stages.Length];
        for (var s = 0; s < stages.Length; s++)
        {
            var weights = new float[fingerprints.Length * L];
            for (var r = 0; r < fingerprints.Length; r++)
            {
                Array.Copy(merged[fingerprints[r]], s * L, weights, r * L, L);
            }
            compacted[s] = new StageWeights(weights, stages[s].Transitions);
        }
        return new NerModel(description, lists, fingerprints, compacted);
    }

    private static float[] Widen(float[] weights, int rows)
    {
        var wide = new float[rows * L];
        weights.CopyTo(wide, 0);
        return wide;
    }

    private static int[] Predict(Prepared doc, StageWeights weights, bool extra, ViterbiScratch viterbi)
    {
        var n = doc.Gold.Length;
        var emissions = new float[n * L];
        for (var i = 0; i < n; i++)
        {
            doc.Score(i, weights.Weights, extra, emissions.AsSpan(i * L, L));
        }
        var labels = new int[n];
        NerTagger.DecodeSentences(doc.Segmented, emissions, weights.Transitions, labels, viterbi);
        return labels;
    }

    private static List<TaggedSpan> Spans(Prepared doc, int[] labels)
    {
        var spans = new List<(int First, int End, EntityType Type)>();
        Bilou.Decode(labels, spans);
        var tokens = doc.Segmented.TokenArray;
        return [.. spans.Select(s => new TaggedSpan(tokens[s.First].Start, tokens[s.End - 1].End, s.Type))];
    }

    private static Prepared Prepare(ConllDocument source, FeatureExtractor extractor, PhraseLists lists, int origin, IReadOnlyList<(int Start, int End)>? trainOn)
    {
        var segmented = SegmentedText.Segment(source.Text);
        var tokens = segmented.TokenArray;
        var gold = new int[tokens.Length];
        var crossing = 0;
        var spans = new List<(int First, int End, EntityType Type)>();
        foreach (var (first, end, type) in source.Gold)
        {
            var start = source.TokenStarts[first];
            var stop = source.TokenEnds[end - 1];
            var a = LowerBound(tokens, start);
            var b = a;
            while (b < tokens.Length && tokens[b].End <= stop)
            {
                b++;
            }
            if (b > a)
            {
                spans.Add((a, b, type));
            }
        }
        Bilou.Encode(spans.ToArray(), gold);
        foreach (var sentence in segmented.SentenceArray)
        {
            if (Bilou.PartOf(gold[sentence.EndToken - 1]) is 1 or 2)
            {
                crossing++;
            }
        }
        extractor.Analyze(segmented, lists);
        var keys = new List<ulong>(tokens.Length * 48);
        var starts = new int[tokens.Length + 1];
        Span<ulong> buffer = stackalloc ulong[FeatureExtractor.MaxLocalKeys];
        for (var i = 0; i < tokens.Length; i++)
        {
            starts[i] = keys.Count;
            var count = extractor.LocalKeys(i, buffer);
            for (var k = 0; k < count; k++)
            {
                keys.Add(buffer[k]);
            }
        }
        starts[^1] = keys.Count;
        var punctuation = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            punctuation[i] = extractor.Views[i].IsPunctuation;
        }
        var training = trainOn is null
            ? segmented.SentenceArray
            : [.. segmented.SentenceArray.Where(s => trainOn.Any(line => s.Start >= line.Start && s.End <= line.End))];
        return new Prepared(source, segmented, gold, keys, starts)
        {
            CrossingEntities = crossing, Origin = origin, Punctuation = punctuation, TrainingSentences = training,
        };

        static int LowerBound(Token[] tokens, int start)
        {
            int lo = 0, hi = tokens.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (tokens[mid].Start < start)
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

    /// <summary>A corpus document ready for training: segmentation, gold labels per token, feature rows.</summary>
    private sealed class Prepared(ConllDocument source, SegmentedText segmented, int[] gold, List<ulong> keys, int[] keyStarts)
    {
        public ConllDocument Source { get; } = source;
        public SegmentedText Segmented { get; } = segmented;
        public int[] Gold { get; } = gold;
        public List<ulong>? Keys { get; set; } = keys;
        public int[] KeyStarts { get; } = keyStarts;
        public int[] Rows { get; set; } = [];
        public int[] RowStarts { get; set; } = [];
        public int[] ExtraRows { get; set; } = [];
        public int[] ExtraStarts { get; set; } = [];
        public int[] StageOneLabels { get; set; } = [];
        public int CrossingEntities { get; init; }

        /// <summary>Index of the training document this one is (or was copied from); -1 for dev documents.</summary>
        public int Origin { get; init; }

        /// <summary>Tokens without letters or digits: they cannot start an entity.</summary>
        public bool[] Punctuation { get; init; } = [];

        public Sentence[] TrainingSentences { get; init; } = [];

        /// <summary>The keys of the tokens in <see cref="TrainingSentences"/> (a title-cased copy counts only its headlines).</summary>
        public IEnumerable<ulong> TrainingKeys()
        {
            foreach (var sentence in TrainingSentences)
            {
                for (var k = KeyStarts[sentence.FirstToken]; k < KeyStarts[sentence.EndToken]; k++)
                {
                    yield return Keys![k];
                }
            }
        }

        public void Score(int i, float[] weights, bool extra, Span<float> scores)
        {
            LinearChain.AddRows(Rows.AsSpan(RowStarts[i], RowStarts[i + 1] - RowStarts[i]), weights, scores);
            if (extra)
            {
                LinearChain.AddRows(ExtraRows.AsSpan(ExtraStarts[i], ExtraStarts[i + 1] - ExtraStarts[i]), weights, scores);
            }
            if (Punctuation[i])
            {
                LinearChain.ForbidEntityStart(scores);
            }
        }
    }
}
