using System.Collections.Frozen;

namespace Ingestor.Normalize.Language;

/// <summary>
/// Declared languages (html lang, JSON fields) reduced to the detector's codes, and the scripts each
/// language is written in, so a declaration is only believed for text in a script it can be written in.
/// </summary>
internal static class LanguageHints
{
    private static readonly FrozenDictionary<string, uint> Scripts = BuildScripts();

    /// <summary>
    /// The primary subtag of a BCP 47 tag in lower case ("pt-BR" → "pt", "EN_us" → "en"), with retired
    /// and macro codes mapped to the ones the detector returns (iw → he, in → id, nb/nn → no);
    /// null for anything that names no language (empty, "und", "mul", "x-default").
    /// </summary>
    public static string? Normalize(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return null;
        }
        var span = hint.AsSpan().Trim();
        var end = span.IndexOfAny('-', '_');
        var primary = end < 0 ? span : span[..end];
        if (primary.Length is < 2 or > 3)
        {
            return null;
        }
        Span<char> lower = stackalloc char[primary.Length];
        for (var i = 0; i < primary.Length; i++)
        {
            var c = primary[i];
            if (!char.IsAsciiLetter(c))
            {
                return null;
            }
            lower[i] = char.ToLowerInvariant(c);
        }
        return lower switch
        {
            "und" or "mul" or "zxx" or "mis" => null,
            "iw" => "he",
            "in" => "id",
            "ji" => "yi",
            "nb" or "nn" or "nor" => "no",
            "zho" or "chi" or "cmn" or "yue" => "zh",
            "eng" => "en",
            _ => new string(lower),
        };
    }

    /// <summary>True when <paramref name="language"/> is known to be written in <paramref name="script"/>.</summary>
    public static bool IsWrittenIn(string language, Script script) =>
        Scripts.TryGetValue(language, out var scripts) && (scripts & (1u << (int)script)) != 0;

    public static bool IsKnown(string language) => Scripts.ContainsKey(language);

    private static FrozenDictionary<string, uint> BuildScripts()
    {
        var map = new Dictionary<string, uint>(StringComparer.Ordinal);
        void Add(Script script, string codes)
        {
            foreach (var code in codes.Split(' '))
            {
                map[code] = map.GetValueOrDefault(code) | (1u << (int)script);
            }
        }
        Add(Script.Latin, "en fr de es it pt nl tr pl sv da no ro id ca cs sk sl hr bs sr sq hu fi et lv lt is ga cy mt "
            + "eu gl vi ms tl fil sw af lb fo so ha yo zu xh uz az tk ku oc br rm ht mg mi sm to");
        Add(Script.Cyrillic, "ru uk bg sr mk be kk ky mn tg tt ba uz az");
        Add(Script.Arabic, "ar fa ur ps ckb ku sd ug prs");
        Add(Script.Greek, "el");
        Add(Script.Hebrew, "he yi");
        Add(Script.Han, "zh ja");
        Add(Script.Kana, "ja");
        Add(Script.Hangul, "ko");
        Add(Script.Thai, "th");
        Add(Script.Devanagari, "hi mr ne sa");
        Add(Script.Bengali, "bn as");
        Add(Script.Tamil, "ta");
        Add(Script.Armenian, "hy");
        Add(Script.Georgian, "ka");
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
