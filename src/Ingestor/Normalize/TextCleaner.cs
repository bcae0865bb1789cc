using System.Text;

namespace Ingestor.Normalize;

/// <summary>Unicode NFC and whitespace normalization shared by every format reader.</summary>
public static class TextCleaner
{
    /// <summary>
    /// NFC; every run of whitespace (including no-break and ideographic spaces, tabs and line breaks)
    /// becomes one space; zero-width and control characters are dropped; the result is trimmed.
    /// </summary>
    public static string CleanInline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        if (IsClean(normalized))
        {
            return normalized; // most lines already are: no copy
        }
        var sb = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (IsInvisible(c))
            {
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>NFC and line-ending normalization for multi-line text; lines keep their breaks.</summary>
    public static string CleanMultiline(string text)
    {
        var normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        return normalized.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Replace('\u2028', '\n').Replace('\u2029', '\n');
    }

    /// <summary>What <see cref="CleanInline"/> would return unchanged: single inner spaces only, nothing invisible.</summary>
    private static bool IsClean(string text)
    {
        var previousSpace = true; // no leading space
        foreach (var c in text)
        {
            if (c == ' ')
            {
                if (previousSpace)
                {
                    return false;
                }
                previousSpace = true;
                continue;
            }
            if (char.IsWhiteSpace(c) || IsInvisible(c))
            {
                return false;
            }
            previousSpace = false;
        }
        return !previousSpace || text.Length == 0;
    }

    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' ||
        (char.IsControl(c) && c is not ('\n' or '\t'));

    /// <summary>Counts words: maximal runs of letters, digits and in-word apostrophes or hyphens.</summary>
    public static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else if (!(inWord && c is '\'' or '\u2019' or '-'))
            {
                inWord = false;
            }
        }
        return count;
    }
}
