using System.Globalization;
using System.Text;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Folds a name to the key aliases are matched on, so spelling variants meet:
/// case, diacritics, punctuation and spacing ("al-Thani" = "Al Thani", "Abdul Rahman" = "Abdulrahman",
/// "U.S." = "US") and British/American spellings ("Stabilisation" = "Stabilization").
/// </summary>
public static class NameKey
{
    public static string Fold(string name)
    {
        var sb = new StringBuilder(name.Length);
        var wordStart = 0;
        foreach (var ch in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(Transliterate(ch)));
            }
            else if (char.IsWhiteSpace(ch) || ch is '-' or '‐' or '–')
            {
                FoldSpelling(sb, wordStart);
                wordStart = sb.Length;
            }
        }
        FoldSpelling(sb, wordStart);
        return sb.ToString();
    }

    /// <summary>Folds one name token (no spaces) the same way <see cref="Fold"/> does.</summary>
    public static void FoldToken(ReadOnlySpan<char> token, StringBuilder into)
    {
        var start = into.Length;
        foreach (var ch in token)
        {
            if (ch < 128)
            {
                if (char.IsAsciiLetterOrDigit(ch))
                {
                    into.Append(char.ToLowerInvariant(ch));
                }
                continue;
            }
            var decomposed = ch.ToString().Normalize(NormalizationForm.FormD);
            foreach (var d in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark && char.IsLetterOrDigit(d))
                {
                    into.Append(char.ToLowerInvariant(Transliterate(d)));
                }
            }
        }
        FoldSpelling(into, start);
    }

    private static char Transliterate(char c) => c switch
    {
        'ı' => 'i',
        'ł' or 'Ł' => 'l',
        'ø' or 'Ø' => 'o',
        'đ' or 'Đ' => 'd',
        'ß' => 's',
        _ => c,
    };

    // Word-final British spellings fold to American ones; both sides of a match fold alike.
    private static void FoldSpelling(StringBuilder sb, int wordStart)
    {
        var length = sb.Length - wordStart;
        if (length < 5)
        {
            return;
        }
        if (EndsWith(sb, "isation"))
        {
            sb[^6] = 'z';
        }
        else if (EndsWith(sb, "isations"))
        {
            sb[^7] = 'z';
        }
        else if (EndsWith(sb, "ence") && EndsWith(sb, "defence"))
        {
            sb[^2] = 's';
        }
        else if (EndsWith(sb, "centre"))
        {
            sb[^2] = 'e';
            sb[^1] = 'r';
        }
    }

    private static bool EndsWith(StringBuilder sb, string suffix)
    {
        if (sb.Length < suffix.Length)
        {
            return false;
        }
        for (var i = 0; i < suffix.Length; i++)
        {
            if (sb[sb.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }
        return true;
    }
}
