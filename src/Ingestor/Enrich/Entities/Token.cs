namespace Ingestor.Enrich.Entities;

/// <summary>A token of a text: UTF-16 offsets into that text, End exclusive.</summary>
public readonly record struct Token(int Start, int End)
{
    public int Length => End - Start;

    public ReadOnlySpan<char> In(string text) => text.AsSpan(Start, End - Start);
}

/// <summary>A sentence: a run of tokens, and the text span from its first token's start to its last token's end.</summary>
public readonly record struct Sentence(int FirstToken, int TokenCount, int Start, int End)
{
    public int EndToken => FirstToken + TokenCount;
}

/// <summary>A text split into tokens and sentences; every sentence holds at least one token.</summary>
public sealed class SegmentedText
{
    internal SegmentedText(string text, Token[] tokens, Sentence[] sentences)
    {
        Text = text;
        TokenArray = tokens;
        SentenceArray = sentences;
    }

    public string Text { get; }

    public IReadOnlyList<Token> Tokens => TokenArray;

    public IReadOnlyList<Sentence> Sentences => SentenceArray;

    internal Token[] TokenArray { get; }

    internal Sentence[] SentenceArray { get; }

    /// <summary>Tokenizes <paramref name="text"/> and splits it into sentences.</summary>
    public static SegmentedText Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 5 + 4);
        NewsTokenizer.Tokenize(text, tokens);
        var tokenArray = tokens.ToArray();
        return new SegmentedText(text, tokenArray, SentenceSplitter.Split(text, tokenArray));
    }
}
