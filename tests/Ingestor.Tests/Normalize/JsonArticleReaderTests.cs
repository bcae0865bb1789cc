using System.Text;
using Ingestor.Articles;
using Ingestor.Normalize;

namespace Ingestor.Tests.Normalize;

public sealed class JsonArticleReaderTests
{
    private static NormalizedDocument Normalize(string json) =>
        DocumentNormalizer.Normalize(new RawDocument { Origin = "test.json", Format = DocumentFormat.Json, Content = Encoding.UTF8.GetBytes(json) });

    [Fact]
    public void Normalize_OneObject_ReadsEveryField()
    {
        var result = Normalize("""
            {"title": "Ferry strike ends", "body": "Ferry crews returned to work on Monday.\n\nServices will be normal by Wednesday, the operator said.",
             "url": "https://news.example.com/ferry?utm_campaign=x", "published": "2025-12-19T10:15:00+01:00",
             "source": "Harbour Times", "authors": ["Ana Martins", "Rui Costa"]}
            """);

        var article = Assert.Single(result.Articles);
        Assert.Equal("Ferry strike ends", article.Title);
        Assert.Equal(2, article.Paragraphs.Count());
        Assert.Equal("https://news.example.com/ferry", article.CanonicalUrl);
        Assert.Equal(new DateTimeOffset(2025, 12, 19, 9, 15, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(PublishedSource.Json, article.PublishedSource);
        Assert.Equal("Harbour Times", article.Source);
        Assert.Equal(["Ana Martins", "Rui Costa"], article.Authors);
    }

    [Fact]
    public void Normalize_ArrayWithABadItem_KeepsTheGoodOnesAndReportsTheBad()
    {
        var result = Normalize("""
            [{"title": "One", "body": "The first article has a body of its own."},
             {"title": "Two"},
             {"title": "Three", "body": ["A body given as paragraphs.", "Second paragraph here."], "published": 1766138100}]
            """);

        Assert.Equal(2, result.Articles.Count);
        var rejection = Assert.Single(result.Rejections);
        Assert.Contains("article 1", rejection, StringComparison.Ordinal);
        Assert.Contains("no body", rejection, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1766138100), result.Articles[1].Published);
    }

    [Fact]
    public void Normalize_HtmlBody_BecomesParagraphs()
    {
        var result = Normalize("""{"title": "T", "body": "<p>First paragraph of the story.</p><script>alert(1)</script><p>Second\nparagraph.</p>"}""");

        Assert.Equal(["First paragraph of the story.", "Second paragraph."], result.Articles[0].Paragraphs);
    }

    [Theory]
    [InlineData("{\"title\": \"broken\", ", "Invalid JSON")]
    [InlineData("[]", "no articles")]
    [InlineData("42", "Expected a JSON article object")]
    [InlineData("[{\"title\": \"only a title\"}]", "no body")]
    public void Normalize_Unusable_IsRejectedWithReason(string json, string reason)
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => Normalize(json));

        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_UnreadableDate_IsNullNotAGuess()
    {
        var result = Normalize("""{"title": "T", "body": "A body long enough to be an article.", "published": "next Tuesday-ish"}""");

        Assert.Null(result.Articles[0].Published);
    }
}
