using System.Text;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Filters a style attribute down to declarations that only change how text looks. Anything that loads
/// resources (url(), @import), runs code (expression(), behaviours, bindings) or can lay the article over the
/// page around it (position, z-index, offsets) is removed; a style that cannot be read safely is dropped whole.
/// </summary>
internal static class CssSanitizer
{
    private static readonly HashSet<string> Properties = new(StringComparer.Ordinal)
    {
        "color", "background-color", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
        "letter-spacing", "line-height", "text-align", "text-decoration", "text-indent", "vertical-align", "white-space",
        "direction", "unicode-bidi", "display", "float", "clear", "width", "height", "overflow", "cursor", "border-collapse",
        "border-color", "border-top-color", "border-right-color", "border-bottom-color", "border-left-color",
        // aural properties: inert in browsers, kept for the speech styles some feeds carry
        "azimuth", "elevation", "pause", "pause-after", "pause-before", "pitch", "pitch-range", "richness", "speak",
        "speak-header", "speak-numeral", "speak-punctuation", "speech-rate", "stress", "voice-family", "volume",
    };

    /// <summary>Shorthand families whose values are accepted word by word (keywords, colours, lengths).</summary>
    private static readonly string[] CheckedFamilies = ["background", "border", "margin", "padding"];

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "auto", "none", "normal", "transparent", "!important", "medium", "solid", "dashed", "dotted", "collapse",
        "top", "bottom", "left", "right", "center", "both", "block", "nowrap", "pointer", "bold", "italic", "underline",
        "aqua", "black", "blue", "brown", "fuchsia", "gray", "green", "lime", "maroon", "navy", "olive", "purple", "red",
        "silver", "teal", "white", "yellow",
    };

    private static readonly string[] Units = ["px", "em", "ex", "rem", "pt", "pc", "cm", "mm", "in", "%", "vw", "vh", "ch"];

    /// <summary>The safe declarations as "name: value;" separated by spaces, or null when none remain.</summary>
    public static string? Sanitize(string style)
    {
        var text = RemoveUrls(style);
        if (!CharactersAreSafe(text))
        {
            return null;
        }
        var clean = new StringBuilder();
        foreach (var part in text.Split(';'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (part.Trim().Length > 0)
                {
                    return null;
                }
                continue;
            }
            var name = part[..colon].Trim().ToLowerInvariant();
            var value = part[(colon + 1)..].Trim();
            if (!IsPropertyName(name) || value.Contains(':', StringComparison.Ordinal))
            {
                return null;
            }
            if (value.Length == 0)
            {
                continue;
            }
            if (!Properties.Contains(name) && !(IsCheckedFamily(name) && AllWordsSafe(value)))
            {
                continue;
            }
            if (clean.Length > 0)
            {
                clean.Append(' ');
            }
            clean.Append(name).Append(": ").Append(value).Append(';');
        }
        return clean.Length == 0 ? null : clean.ToString();
    }

    private static string RemoveUrls(string style)
    {
        var at = style.IndexOf("url", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return style;
        }
        var sb = new StringBuilder(style.Length);
        var pos = 0;
        while (at >= 0)
        {
            var open = at + 3;
            while (open < style.Length && char.IsWhiteSpace(style[open]))
            {
                open++;
            }
            if (open < style.Length && style[open] == '(')
            {
                var close = style.IndexOf(')', open);
                sb.Append(style, pos, at - pos).Append(' ');
                pos = close < 0 ? style.Length : close + 1;
            }
            at = pos < style.Length ? style.IndexOf("url", Math.Max(pos, at + 3), StringComparison.OrdinalIgnoreCase) : -1;
        }
        sb.Append(style, pos, style.Length - pos);
        return sb.ToString();
    }

    /// <summary>
    /// Only letters, digits, spaces and the punctuation plain declarations need; hyphens only inside words; quotes only around words;
    /// parentheses only around numbers (rgb(0, 0, 0)). This excludes escapes, comments, expression() and @rules.
    /// </summary>
    private static bool CharactersAreSafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is ' ' or '\t' or '\n' or '\r' or ':' or ';' or ',' or '#' or '%' or '.' or '!')
            {
                continue;
            }
            if (c == '-' && i > 0 && i + 1 < text.Length && IsWordChar(text[i - 1]) && IsWordChar(text[i + 1]))
            {
                // hyphens only inside words: vendor prefixes and hacks ("-moz-", "_height") make the style unreadable
                continue;
            }
            if (c is '\'' or '"')
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0)
                {
                    return false;
                }
                for (var j = i + 1; j < close; j++)
                {
                    if (!(char.IsAsciiLetterOrDigit(text[j]) || text[j] is ' ' or '-' or '_'))
                    {
                        return false;
                    }
                }
                i = close;
                continue;
            }
            if (c == '(')
            {
                var close = text.IndexOf(')', i + 1);
                if (close < 0)
                {
                    return false;
                }
                for (var j = i + 1; j < close; j++)
                {
                    if (!(char.IsAsciiDigit(text[j]) || text[j] is ',' or ' ' or '%' or '.'))
                    {
                        return false;
                    }
                }
                i = close;
                continue;
            }
            return false;
        }
        return true;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsPropertyName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsCheckedFamily(string name)
    {
        foreach (var family in CheckedFamilies)
        {
            if (name == family || (name.StartsWith(family, StringComparison.Ordinal) && name.Length > family.Length && name[family.Length] == '-'))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AllWordsSafe(string value)
    {
        foreach (var word in value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var w = word.ToLowerInvariant();
            if (!(Keywords.Contains(w) || IsColor(w) || IsLength(w)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsColor(string w)
    {
        if (w.Length > 1 && w[0] == '#')
        {
            for (var i = 1; i < w.Length; i++)
            {
                if (!char.IsAsciiHexDigit(w[i]))
                {
                    return false;
                }
            }
            return true;
        }
        return (w.StartsWith("rgb(", StringComparison.Ordinal) || w.StartsWith("rgba(", StringComparison.Ordinal)) && w.EndsWith(')');
    }

    private static bool IsLength(string w)
    {
        var i = 0;
        if (i < w.Length && w[i] is '-' or '+')
        {
            i++;
        }
        var digits = 0;
        while (i < w.Length && (char.IsAsciiDigit(w[i]) || w[i] == '.'))
        {
            i++;
            digits++;
        }
        if (digits == 0)
        {
            return false;
        }
        var unit = w.AsSpan(i);
        if (unit.IsEmpty)
        {
            return true;
        }
        foreach (var u in Units)
        {
            if (unit.SequenceEqual(u))
            {
                return true;
            }
        }
        return false;
    }
}
