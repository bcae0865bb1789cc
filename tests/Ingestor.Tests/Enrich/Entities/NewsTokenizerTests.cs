using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class NewsTokenizerTests
{
    private static string[] Words(string text) => [.. NewsTokenizer.Tokenize(text).Select(t => text[t.Start..t.End])];

    [Theory]
    [InlineData("U.S. officials met.", new[] { "U.S.", "officials", "met", "." })]
    [InlineData("Mr. Smith and Gov. Brown spoke on Dec. 5.", new[] { "Mr.", "Smith", "and", "Gov.", "Brown", "spoke", "on", "Dec.", "5", "." })]
    [InlineData("Trump’s envoy", new[] { "Trump", "’s", "envoy" })]
    [InlineData("Trump's envoy", new[] { "Trump", "'s", "envoy" })]
    [InlineData("the players' union", new[] { "the", "players", "'", "union" })]
    [InlineData("Sheikh Mohammed al-Thani at Mar-a-Lago", new[] { "Sheikh", "Mohammed", "al-Thani", "at", "Mar-a-Lago" })]
    [InlineData("“period of waiting”, he said", new[] { "“", "period", "of", "waiting", "”", ",", "he", "said" })]
    [InlineData("\"Yes,\" she said", new[] { "\"", "Yes", ",", "\"", "she", "said" })]
    [InlineData("talks—and more – later", new[] { "talks", "—", "and", "more", "–", "later" })]
    [InlineData("1,000 people paid $3.5 million on 1996-08-22, a 6-4 win", new[] { "1,000", "people", "paid", "$", "3.5", "million", "on", "1996-08-22", ",", "a", "6-4", "win" })]
    [InlineData("They don't know", new[] { "They", "do", "n't", "know" })]
    [InlineData("Côte d'Ivoire and O'Brien", new[] { "Côte", "d'Ivoire", "and", "O'Brien" })]
    [InlineData("Wait... what?!", new[] { "Wait", "...", "what", "?", "!" })]
    [InlineData("AT&T (NYSE) rose", new[] { "AT&T", "(", "NYSE", ")", "rose" })]
    [InlineData("J. Smith", new[] { "J.", "Smith" })]
    [InlineData("It rose 3.", new[] { "It", "rose", "3", "." })]
    public void Tokenize_NewsText_SplitsAsExpected(string text, string[] expected)
    {
        Assert.Equal(expected, Words(text));
    }

    [Fact]
    public void Tokenize_AlreadyTokenizedText_KeepsTokens()
    {
        Assert.Equal(["Trump", "'s", "aides", "do", "n't", "agree", "."], Words("Trump 's aides do n't agree ."));
    }

    [Fact]
    public void Tokenize_NonAsciiText_OffsetsPointIntoOriginal()
    {
        const string text = "Zürich 🌍 Erdoğan’s visit";
        var tokens = NewsTokenizer.Tokenize(text);
        Assert.Equal(["Zürich", "🌍", "Erdoğan", "’s", "visit"], tokens.Select(t => text[t.Start..t.End]));
        Assert.Equal(7, tokens[1].Start);
        Assert.Equal(9, tokens[1].End);
    }

    [Fact]
    public void Tokenize_Whitespace_ProducesNoTokens()
    {
        Assert.Empty(NewsTokenizer.Tokenize(" \n\t\u200B "));
    }
}

public sealed class SentenceSplitterTests
{
    private static string[] Sentences(string text)
    {
        var segmented = SegmentedText.Segment(text);
        return [.. segmented.Sentences.Select(s => text[s.Start..s.End])];
    }

    [Fact]
    public void Split_Periods_EndSentences()
    {
        Assert.Equal(["He left.", "She stayed!", "Why?"], Sentences("He left. She stayed! Why?"));
    }

    [Fact]
    public void Split_TitlesAndInitials_DoNotEndSentences()
    {
        Assert.Equal(["Mr. Smith met Gov. J. Brown in Washington on Dec. 5."], Sentences("Mr. Smith met Gov. J. Brown in Washington on Dec. 5."));
    }

    [Fact]
    public void Split_AbbreviationBeforeSentenceOpener_EndsSentence()
    {
        Assert.Equal(["Talks were held in the U.S.", "The envoy said U.S. forces stay."],
            Sentences("Talks were held in the U.S. The envoy said U.S. forces stay."));
    }

    [Fact]
    public void Split_ClosingQuote_StaysWithSentence()
    {
        Assert.Equal(["“We will,” he said.", "“Now.”", "Then"], Sentences("“We will,” he said. “Now.” Then"));
    }

    [Fact]
    public void Split_LineBreak_EndsSentence()
    {
        Assert.Equal(["GAZA TALKS OPEN IN MIAMI", "MIAMI 2025-12-19", "Envoys met."], Sentences("GAZA TALKS OPEN IN MIAMI\nMIAMI 2025-12-19\n\nEnvoys met."));
    }

    [Fact]
    public void Split_EllipsisBeforeLowercase_ContinuesSentence()
    {
        Assert.Single(Sentences("He paused... and went on."));
    }
}
