namespace Ingestor.Enrich.Entities;

/// <summary>
/// Groups tokens into sentences. A line break always ends a sentence (headlines, datelines and paragraphs stand on
/// lines of their own); so do '.', '!', '?' and '…' (with any closing quotes or brackets after them) unless the next
/// word starts in lower case; an abbreviation ends one only when it is not a title or initial and the next word is a
/// typical sentence opener ("... in the U.S. The company ...").
/// </summary>
public static class SentenceSplitter
{
    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\n\r\u2028\u2029\u0085");

    public static Sentence[] Split(string text, IReadOnlyList<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        return Split(text, tokens as Token[] ?? [.. tokens]);
    }

    /// <summary>The same over an array: several token reads per token, without interface calls.</summary>
    internal static Sentence[] Split(string text, Token[] tokens)
    {
        var sentences = new List<Sentence>(tokens.Length / 16 + 4);
        var first = 0;
        for (var k = 0; k < tokens.Length; k++)
        {
            if (k + 1 == tokens.Length || EndsAfter(text, tokens, k))
            {
                sentences.Add(new Sentence(first, k + 1 - first, tokens[first].Start, tokens[k].End));
                first = k + 1;
            }
        }
        return [.. sentences];
    }

    private static bool EndsAfter(string text, Token[] tokens, int k)
    {
        var token = tokens[k];
        var next = tokens[k + 1];
        if (text.AsSpan(token.End, next.Start - token.End).ContainsAny(LineBreaks))
        {
            return true;
        }
        var word = token.In(text);
        if (ClosesAfterTerminal(text, tokens, k + 1))
        {
            return false;
        }
        if (IsTerminal(word) || ClosesAfterTerminal(text, tokens, k))
        {
            return StartsSentence(next.In(text));
        }
        if (word.Length > 1 && word[^1] == '.')
        {
            var stem = word[..^1];
            return !Abbreviations.IsPrefix(stem) && Abbreviations.IsSentenceStarter(next.In(text));
        }
        return false;
    }

    /// <summary>
    /// Whether token <paramref name="k"/> is a closing quote or bracket that ends the sentence of the '.', '!' or '?'
    /// before it: always for brackets and right curly quotes; for straight quotes when they touch the mark or end
    /// the line (in "... he said . \" The", a spaced straight quote opens the next sentence).
    /// </summary>
    private static bool ClosesAfterTerminal(string text, Token[] tokens, int k)
    {
        if (k == 0 || k >= tokens.Length)
        {
            return false;
        }
        var word = tokens[k].In(text);
        if (!IsClosing(word) || !IsTerminal(tokens[k - 1].In(text)))
        {
            return false;
        }
        if (word[0] is not ('"' or '\''))
        {
            return true;
        }
        if (tokens[k - 1].End == tokens[k].Start || k + 1 == tokens.Length)
        {
            return true;
        }
        return text.AsSpan(tokens[k].End, tokens[k + 1].Start - tokens[k].End).ContainsAny(LineBreaks);
    }

    private static bool IsTerminal(ReadOnlySpan<char> word) =>
        word.Length > 0 && word[0] is '.' or '!' or '?' or '\u2026' && !word.ContainsAnyExcept(".!?\u2026");

    private static bool IsClosing(ReadOnlySpan<char> word) =>
        word.Length == 1 && word[0] is '"' or '\'' or '\u201D' or '\u2019' or ')' or ']' or '\u00BB';

    private static bool StartsSentence(ReadOnlySpan<char> nextWord)
    {
        var c = nextWord[0];
        return !(char.IsLower(c) || c is ',' or ';' or ':' or ')' or ']' or '%');
    }
}
