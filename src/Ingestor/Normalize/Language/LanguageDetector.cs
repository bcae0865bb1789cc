using System.Runtime.CompilerServices;

namespace Ingestor.Normalize.Language;

/// <summary>
/// Detects the language of article text. First the script: most scripts name their language outright
/// (Greek, Hebrew, Hangul, Thai...), kana separates Japanese from Chinese. Latin, Cyrillic and Arabic
/// text then goes to a <see cref="ScriptGroupModel"/> that weighs frequent words, character trigrams and
/// telling letters, discounting names and quotations. Returns <see cref="Undetermined"/> rather than a guess
/// when the text is too short, mixes languages evenly, or is in a language the detector does not know.
/// </summary>
/// <remarks>
/// Reads at most the first <see cref="SampleLength"/> characters; allocation-free apart from the
/// one-time tables, which each script group builds on first use from its hand-written profiles.
/// </remarks>
public static class LanguageDetector
{
    public const string Undetermined = "und";

    /// <summary>Characters read from the start of a text: plenty for a verdict, bounded cost for long articles.</summary>
    public const int SampleLength = 2000;

    /// <summary>Below this the detector answers <see cref="Undetermined"/>.</summary>
    internal const double AcceptConfidence = 0.5;

    /// <summary>From this on the text overrides a declared language that disagrees.</summary>
    internal const double StrongConfidence = 0.8;

    /// <summary>Word-list words remembered per text for the mixed-language check; a 2,000-character sample has fewer.</summary>
    private const int KnownWordCapacity = 512;

    /// <summary>Reported when a declared language is adopted because the text says too little.</summary>
    private const double DeclaredConfidence = 0.5;

    public static string Detect(string text) => DetectWithConfidence(text).Language;

    /// <summary>
    /// Detects the language of <paramref name="text"/>. A declared language (<paramref name="hint"/>: html
    /// lang, a feed's language element; any BCP 47 tag) wins when the text agrees or says too little,
    /// provided it can be written in the text's script; strong text evidence overrides it.
    /// </summary>
    public static LanguageDetection DetectWithConfidence(string text, string? hint = null)
    {
        var declared = LanguageHints.Normalize(hint);
        var sample = Sample(text);
        var census = ScriptCensus.Take(sample);
        var script = census.Dominant(out var share);
        if (script == Script.None)
        {
            // Nothing but digits, symbols and addresses: a declaration is all there is to go on.
            return declared is not null && LanguageHints.IsKnown(declared)
                ? new(declared, DeclaredConfidence)
                : LanguageDetection.Undetermined;
        }
        // A second script in a fifth of the letters is normal (names, quotes); near half is mixed text.
        var dominance = Math.Clamp((share - 0.5) / 0.3, 0, 1);
        return script switch
        {
            Script.Latin => DetectInGroup(LatinModel.Instance, sample, census, dominance, declared),
            Script.Cyrillic => DetectInGroup(CyrillicModel.Instance, sample, census, dominance, declared),
            Script.Arabic => DetectInGroup(ArabicModel.Instance, sample, census, dominance, declared),
            Script.Han => DetectChineseOrJapanese(census, dominance, declared),
            _ => DetectByScript(script, census, dominance, declared),
        };
    }

    private static LanguageDetection DetectInGroup(
        ScriptGroupModel model, ReadOnlySpan<char> sample, in ScriptCensus census, double dominance, string? declared)
    {
        var n = model.Count;
        Span<float> scores = stackalloc float[model.Stride];
        Span<float> hits = stackalloc float[n];
        Span<uint> knownMasks = stackalloc uint[KnownWordCapacity];
        Span<float> knownWeights = stackalloc float[KnownWordCapacity];
        var tally = new GroupTally
        {
            Scores = scores,
            Hits = hits,
            KnownMasks = knownMasks,
            KnownWeights = knownWeights,
        };
        model.Score(sample, discountCapitals: !census.CapitalsAreStyle, ref tally);
        if (tally.Evidence <= 0)
        {
            return Resolve(LanguageDetection.Undetermined, declared, model.Script);
        }

        var (top, runnerUp) = TopTwo(scores[..n]);
        var margin = tally.Scores[top] - (runnerUp < 0 ? 0 : tally.Scores[runnerUp]);
        var evidence = tally.Evidence;
        var amount = 1 - Math.Exp(-evidence / 2.5);
        var separation = 1 - Math.Exp(-margin / 3.0);
        // Common words of a second language that the top one lacks: a few are loans (week-end), but
        // from a third of the top language's own on, and certainly at a half, the text is mixed.
        var intruders = tally.Intruders(top, n);
        var mixRatio = intruders < 1.5f ? 0 : intruders / Math.Max(tally.Hits[top], 1f);
        var unmixed = Math.Clamp(1 - ((mixRatio - 0.3) / 0.3), 0, 1);
        // Text in a language outside the group still scores somewhere; its lack of common words gives it away.
        var support = model.RequiresCommonWords ? Math.Clamp(tally.Hits[top] / evidence / 0.15, 0, 1) : 1;
        var foreign = tally.ForeignLetters >= 2 && tally.ForeignLetters > 0.01 * tally.Letters ? 0 : 1;
        var confidence = amount * separation * unmixed * support * foreign * dominance;

        // A decoy profile (a language the group recognises but does not report) winning also means "und".
        var detected = confidence >= AcceptConfidence && model.Codes[top] != Undetermined
            ? new LanguageDetection(model.Codes[top], confidence)
            : LanguageDetection.Undetermined;
        var index = declared is null ? -1 : model.IndexOf(declared);
        if (index >= 0 && index != top && detected.IsDetermined && confidence < StrongConfidence)
        {
            // A declared language the text scores nearly as well as the winner settles close calls (es/pt, da/no);
            // one far behind does not.
            var close = tally.Scores[index] >= tally.Scores[top] - Math.Max(2.0, 0.2 * evidence);
            return close ? new(declared!, DeclaredConfidence) : detected;
        }
        return Resolve(detected, declared, model.Script);
    }

    private static LanguageDetection DetectChineseOrJapanese(in ScriptCensus census, double dominance, string? declared)
    {
        var han = census[Script.Han];
        var kana = census[Script.Kana];
        var kanaShare = (double)kana / (han + kana);
        LanguageDetection detected;
        if (kanaShare >= 0.05)
        {
            // Japanese prose writes its grammar in kana; no Chinese sentence needs it.
            detected = Accept("ja", (1 - Math.Exp(-(han + kana) / 6.0)) * dominance);
        }
        else if (kana == 0)
        {
            // Han alone is Chinese, though a short kanji-only Japanese headline looks the same: stay modest until long.
            var amount = 1 - Math.Exp(-han / 5.0);
            detected = Accept("zh", amount * (0.6 + (0.4 * (1 - Math.Exp(-han / 40.0)))) * dominance);
        }
        else
        {
            detected = LanguageDetection.Undetermined;
        }
        return Resolve(detected, declared, kana > 0 ? Script.Kana : Script.Han);
    }

    private static LanguageDetection DetectByScript(Script script, in ScriptCensus census, double dominance, string? declared)
    {
        var language = script switch
        {
            Script.Greek => "el",
            Script.Hebrew => "he",
            Script.Hangul => "ko",
            Script.Thai => "th",
            Script.Devanagari => "hi",
            Script.Bengali => "bn",
            Script.Tamil => "ta",
            Script.Armenian => "hy",
            Script.Georgian => "ka",
            _ => Undetermined,
        };
        var letters = census.Weighted(script);
        var detected = language == Undetermined
            ? LanguageDetection.Undetermined
            : Accept(language, (1 - Math.Exp(-letters / 12.0)) * dominance);
        return Resolve(detected, declared, script);
    }

    private static LanguageDetection Accept(string language, double confidence) =>
        confidence >= AcceptConfidence ? new(language, confidence) : LanguageDetection.Undetermined;

    /// <summary>
    /// Weighs a declared language against the text's verdict: agreement raises confidence; a declaration
    /// the text's script can write wins unless the text is strong; otherwise the text stands.
    /// </summary>
    private static LanguageDetection Resolve(LanguageDetection detected, string? declared, Script script)
    {
        if (declared is null)
        {
            return detected;
        }
        if (declared == detected.Language)
        {
            return detected with { Confidence = detected.Confidence + ((1 - detected.Confidence) * 0.5) };
        }
        return detected.Confidence < StrongConfidence && LanguageHints.IsWrittenIn(declared, script)
            ? new(declared, DeclaredConfidence)
            : detected;
    }

    private static (int Top, int RunnerUp) TopTwo(ReadOnlySpan<float> scores)
    {
        var top = 0;
        var runnerUp = -1;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[top])
            {
                runnerUp = top;
                top = i;
            }
            else if (runnerUp < 0 || scores[i] > scores[runnerUp])
            {
                runnerUp = i;
            }
        }
        return (top, runnerUp);
    }

    /// <summary>The first <see cref="SampleLength"/> characters, extended to the end of the word they cut.</summary>
    internal static ReadOnlySpan<char> Sample(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }
        if (text.Length <= SampleLength)
        {
            return text;
        }
        var end = SampleLength;
        var limit = Math.Min(text.Length, SampleLength + 64);
        while (end < limit && !WordScanner.IsSpace(text[end]))
        {
            end++;
        }
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }
        return text.AsSpan(0, end);
    }

    // One holder per group: a text in one script never pays for building another script's tables.
    private static class LatinModel
    {
        public static readonly ScriptGroupModel Instance = new(Script.Latin, LatinProfiles.BaseAlphabet, LatinProfiles.All, requiresCommonWords: true);
    }

    private static class CyrillicModel
    {
        public static readonly ScriptGroupModel Instance = new(Script.Cyrillic, CyrillicProfiles.BaseAlphabet, CyrillicProfiles.All, requiresCommonWords: false);
    }

    private static class ArabicModel
    {
        public static readonly ScriptGroupModel Instance = new(Script.Arabic, ArabicProfiles.BaseAlphabet, ArabicProfiles.All, requiresCommonWords: false);
    }
}

/// <summary>Letters per script in a text, and how it uses capitals; one pass, no allocation.</summary>
internal struct ScriptCensus
{
    private ScriptCounts counts;

    public int Upper { get; private set; }
    public int Lower { get; private set; }
    public int WordStarts { get; private set; }
    public int CapitalizedStarts { get; private set; }

    public readonly int this[Script script] => counts[(int)script];

    /// <summary>
    /// All-caps or title-case text: capitals are typography there, not a sign of names, so the
    /// word models must not discount capitalized words.
    /// </summary>
    public readonly bool CapitalsAreStyle =>
        (Upper + Lower > 0 && Upper > 0.6 * (Upper + Lower))
        || (WordStarts >= 3 && CapitalizedStarts > 0.6 * WordStarts);

    public static ScriptCensus Take(ReadOnlySpan<char> text)
    {
        var census = default(ScriptCensus);
        var pos = 0;
        while (pos < text.Length)
        {
            while (pos < text.Length && WordScanner.IsSpace(text[pos]))
            {
                pos++;
            }
            if (pos >= text.Length)
            {
                break;
            }
            var end = WordScanner.ChunkEnd(text, pos);
            var chunk = text[pos..end];
            pos = end;
            if (chunk.IsEmpty || WordScanner.IsAddress(chunk))
            {
                continue;
            }
            var inWord = false;
            foreach (var c in chunk)
            {
                var info = CharClass.Of(c);
                if (info == 0)
                {
                    inWord = false;
                    continue;
                }
                if ((info & CharClass.Mark) != 0)
                {
                    continue;
                }
                census.counts[(int)CharClass.ScriptOf(info)]++;
                var upper = (info & CharClass.Upper) != 0;
                if (upper)
                {
                    census.Upper++;
                }
                else if ((info & CharClass.Lower) != 0)
                {
                    census.Lower++;
                }
                if (!inWord)
                {
                    census.WordStarts++;
                    if (upper)
                    {
                        census.CapitalizedStarts++;
                    }
                    inWord = true;
                }
            }
        }
        return census;
    }

    /// <summary>Letters of a script, ideographs and syllables counted double: each carries more than a letter.</summary>
    public readonly double Weighted(Script script) => script switch
    {
        Script.Han => 2.0 * (counts[(int)Script.Han] + counts[(int)Script.Kana]),
        Script.Kana => 0,
        Script.Hangul => 2.0 * counts[(int)Script.Hangul],
        _ => counts[(int)script],
    };

    /// <summary>The script with the most (weighted) letters, Han and kana together; None without letters.</summary>
    public readonly Script Dominant(out double share)
    {
        var best = Script.None;
        var bestWeight = 0d;
        var total = 0d;
        for (var s = 1; s < CharClass.ScriptCount; s++)
        {
            var weight = Weighted((Script)s);
            total += weight;
            if (weight > bestWeight)
            {
                bestWeight = weight;
                best = (Script)s;
            }
        }
        share = total > 0 ? bestWeight / total : 0;
        return best;
    }

    [InlineArray(CharClass.ScriptCount)]
    private struct ScriptCounts
    {
        private int element;
    }
}
