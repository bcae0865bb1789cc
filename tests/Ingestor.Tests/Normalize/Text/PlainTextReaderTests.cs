using Ingestor.Articles;
using Ingestor.Normalize;
using Ingestor.Normalize.Text;

namespace Ingestor.Tests.Normalize.Text;

public sealed class PlainTextReaderTests
{
    private static Article Normalize(string text) =>
        ArticleBuilder.Build(PlainTextReader.Read(text), new RawDocument { Origin = "test.txt", Format = DocumentFormat.Text, Content = Array.Empty<byte>() });

    [Fact]
    public void Read_FirstLineIsAParagraph_TitleIsItsFirstSentenceAndBodyKeepsIt()
    {
        var article = Normalize(TestFiles.ReadFixture("articles", "lisbon-01.txt"));

        Assert.Equal("Portugal is hosting a two-day meeting in Lisbon this week to revive stalled talks on a maritime border dispute between Greece and Turkey, weeks after a collision between two patrol boats raised fears of escalation.", article.Title);
        Assert.StartsWith("Portugal is hosting", article.Body, StringComparison.Ordinal);
        Assert.StartsWith("Portugal is hosting", article.Lead, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RelatedLinksBlock_IsRemovedAndListed()
    {
        var article = Normalize(TestFiles.ReadFixture("articles", "lisbon-01.txt"));

        Assert.Equal(["also read", "Why the Aegean keeps testing NATO's patience", "Cyprus talks: A decade of missed chances", "Inside the coast guard race in the eastern Mediterranean"],
            article.RemovedBoilerplate);
        Assert.DoesNotContain("Cyprus", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("also read", article.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The talks follow a NATO summit", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DatelineHeadingsAlsoReadAndPublisherTag_AreSeparatedFromTheBody()
    {
        var article = Normalize(TestFiles.ReadFixture("articles", "lisbon-02.txt"));

        Assert.Equal("Lisbon", article.Dateline);
        Assert.StartsWith("Greek and Turkish diplomats resumed", article.Body, StringComparison.Ordinal);
        Assert.Equal(["Who Is at the Table", "What Is on the Agenda", "Why It Matters"], article.Headings);
        Assert.Equal(["Also Read: Five Things to Know About the Aegean Dispute", "(Harbor Desk – Lisbon)"], article.RemovedBoilerplate);
        Assert.DoesNotContain("Who Is at the Table", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbor Desk", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", article.Body, StringComparison.Ordinal);
        Assert.EndsWith("the first in more than a decade.", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HardWrappedWireCopy_JoinsLinesAndReadsHeadlineBylineDatelineAndCredit()
    {
        var article = Normalize(TestFiles.ReadFixture("articles", "wrapped.txt"));

        Assert.Equal("Harbour Authority Opens New Ferry Terminal", article.Title);
        Assert.Equal(["Ana Martins", "Rui Costa"], article.Authors);
        Assert.Equal("PORTO", article.Dateline);
        Assert.Equal(2, article.Paragraphs.Count());
        Assert.StartsWith("The city's harbour authority opened a new ferry terminal on Monday, doubling", article.Body, StringComparison.Ordinal);
        Assert.Contains("(Reporting by Ana Martins; Editing by Rui Costa)", article.RemovedBoilerplate);
    }

    [Theory]
    [InlineData("Read more: Ten charts that explain the election")]
    [InlineData("Advertisement")]
    [InlineData("Story continues below advertisement")]
    [InlineData("Follow us on Twitter for the latest updates")]
    public void Read_PromptLines_AreBoilerplate(string line)
    {
        var article = Normalize($"The council approved the budget on Monday after a long debate.\n{line}\nThe vote was 31 to 12, officials said.");

        Assert.Contains(line, article.RemovedBoilerplate);
        Assert.DoesNotContain(line, article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShortSentenceEndingInPeriod_StaysAParagraph()
    {
        var article = Normalize("The mayor promised new housing before the winter.\nNone of that has happened.\nResidents say rents have doubled in two years and waiting lists keep growing.");

        Assert.Empty(article.Headings);
        Assert.Contains("None of that has happened.", article.Paragraphs);
    }

    [Fact]
    public void Read_OnlyBoilerplate_IsRejected()
    {
        Assert.Throws<DocumentRejectedException>(() => Normalize("Advertisement\n\n\nShare this article"));
    }
}
