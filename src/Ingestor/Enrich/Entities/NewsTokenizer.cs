using System.Runtime.CompilerServices;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Splits news text into word and punctuation tokens, keeping each token's UTF-16 offsets in the original text.
/// Keeps abbreviations ("U.S.", "Dec.", "Mr."), hyphenated names ("al-Thani", "Mar-a-Lago"), numbers ("1,000", "3.5",
/// "1996-08-22", "1/2") and apostrophes inside names ("O'Brien") together; splits possessives and clitics the way
/// Penn Treebank tokenization does ("Trump’s" → "Trump" "’s", "don't" → "do" "n't"); quotes, brackets and dashes
/// are tokens of their own; a run of one punctuation character ("...", "--") is one token.
/// </summary>
public static class NewsTokenizer
{
    public static IReadOnlyList<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 5 + 4);
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tokenize(ReadOnlySpan<char> text, List<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var i = 0;
        while (i < text.Length)
        {
            if (IsSpace(text[i]))
            {
                i++;
                continue;
            }
            var end = i + 1;
            while (end < text.Length && !IsSpace(text[end]))
            {
                end++;
            }
            TokenizeChunk(text, i, end, tokens);
            i = end;
        }
    }

    /// <summary>Whitespace, plus the invisible characters that separate words in web text (zero-width space, BOM).</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF' or '\u2060';

    internal static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    internal static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c)
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static bool IsHyphen(char c) => c is '-' or '\u2010' or '\u2011';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TokenizeChunk(ReadOnlySpan<char> text, int start, int end, List<Token> tokens)
    {
        var p = start;
        while (p < end)
        {
            var c = text[p];
            if (IsWordChar(c))
            {
                p = ReadWord(text, p, end, tokens);
                continue;
            }
            if (IsApostrophe(c) && p + 1 < end)
            {
                // A clitic standing alone, as in already-tokenized text ("Trump 's", "do n't" is handled as a word).
                var clitic = CliticLength(text, p + 1, end);
                if (clitic > 0 && !(text[p + 1] is 't' or 'T'))
                {
                    tokens.Add(new Token(p, p + 1 + clitic));
                    p += 1 + clitic;
                    continue;
                }
            }
            if (char.IsHighSurrogate(c) && p + 1 < end && char.IsLowSurrogate(text[p + 1]))
            {
                tokens.Add(new Token(p, p + 2));
                p += 2;
                continue;
            }
            var q = p + 1;
            if (c is '.' or '-' or '*' or '=' or '_' or '~' or '#' or '+' or '!' or '?' or '\u2026')
            {
                while (q < end && text[q] == c)
                {
                    q++;
                }
            }
            tokens.Add(new Token(p, q));
            p = q;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ReadWord(ReadOnlySpan<char> text, int start, int end, List<Token> tokens)
    {
        var q = start;
        while (q < end)
        {
            var c = text[q];
            if (IsWordChar(c))
            {
                q++;
                continue;
            }
            if (q + 1 >= end)
            {
                break;
            }
            var next = text[q + 1];
            var previous = text[q - 1];
            if (IsHyphen(c) && IsWordChar(next))
            {
                q += 2;
                continue;
            }
            if (c == '.' && char.IsLetterOrDigit(next))
            {
                q += 2;
                continue;
            }
            if (c == ',' && char.IsDigit(previous) && IsThousandsGroup(text, q + 1, end))
            {
                q += 4;
                continue;
            }
            if (c == '/' && char.IsDigit(previous) && char.IsDigit(next))
            {
                q += 2;
                continue;
            }
            if (c == '&' && char.IsUpper(previous) && char.IsUpper(next))
            {
                q += 2;
                continue;
            }
            if (IsApostrophe(c) && char.IsLetter(next))
            {
                var clitic = CliticLength(text, q + 1, end);
                if (clitic == 1 && next is 't' or 'T')
                {
                    if (previous is 'n' or 'N')
                    {
                        // "don't" → "do" "n't"; "n't" on its own stays one token.
                        if (q - 1 > start)
                        {
                            tokens.Add(new Token(start, q - 1));
                        }
                        tokens.Add(new Token(q - 1, q + 2));
                        return q + 2;
                    }
                }
                else if (clitic > 0)
                {
                    tokens.Add(new Token(start, q));
                    tokens.Add(new Token(q, q + 1 + clitic));
                    return q + 1 + clitic;
                }
                q += 2;
                continue;
            }
            break;
        }
        if (q < end && text[q] == '.' && KeepsPeriod(text[start..q]))
        {
            q++;
        }
        tokens.Add(new Token(start, q));
        return q;
    }

    /// <summary>Three digits after a comma, not followed by a fourth ("1,000" but not "1,0000" or "3,4").</summary>
    private static bool IsThousandsGroup(ReadOnlySpan<char> text, int from, int end) =>
        from + 3 <= end
        && char.IsDigit(text[from]) && char.IsDigit(text[from + 1]) && char.IsDigit(text[from + 2])
        && (from + 3 == end || !char.IsDigit(text[from + 3]));

    /// <summary>Length of a clitic ("s", "re", "ve", "ll", "m", "d", "t") starting at <paramref name="from"/>, or 0.</summary>
    private static int CliticLength(ReadOnlySpan<char> text, int from, int end)
    {
        var q = from;
        while (q < end && char.IsLetter(text[q]) && q - from < 3)
        {
            q++;
        }
        if (q < end && IsWordChar(text[q]))
        {
            return 0;
        }
        var clitic = text[from..q];
        return clitic.Length switch
        {
            1 when clitic[0] is 's' or 'S' or 'm' or 'M' or 'd' or 'D' or 't' or 'T' => 1,
            2 when clitic.Equals("re", StringComparison.OrdinalIgnoreCase)
                   || clitic.Equals("ve", StringComparison.OrdinalIgnoreCase)
                   || clitic.Equals("ll", StringComparison.OrdinalIgnoreCase) => 2,
            _ => 0,
        };
    }

    /// <summary>Whether a word followed by a period keeps it: "U.S.", "a.m.", initials, known abbreviations.</summary>
    private static bool KeepsPeriod(ReadOnlySpan<char> word)
    {
        if (word.Length == 1)
        {
            return char.IsUpper(word[0]);
        }
        if (word.Contains('.'))
        {
            // Dotted letters such as U.S, N.Y, a.m, Ph.D (not numbers like 3.5 or host names like example.com).
            foreach (var range in word.Split('.'))
            {
                var segment = word[range];
                if (segment.IsEmpty || segment.Length > 2 || !char.IsLetter(segment[0]))
                {
                    return false;
                }
            }
            return true;
        }
        return Abbreviations.Keeps(word);
    }
}
