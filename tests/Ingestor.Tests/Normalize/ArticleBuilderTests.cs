using System.Text;
using Ingestor.Articles;
using Ingestor.Normalize;
using Ingestor.Normalize.Text;

namespace Ingestor.Tests.Normalize;

public sealed class ArticleBuilderTests
{
    private static readonly DateTimeOffset FileTime = new(2025, 12, 19, 8, 30, 0, TimeSpan.Zero);

    private static RawDocument Raw(string? url = null, FeedItemHints? feed = null, string? source = null) => new()
    {
        Origin = "test", Format = DocumentFormat.Text, Content = Array.Empty<byte>(), Url = url, Feed = feed, Modified = FileTime, Source = source,
    };

    private static ExtractedContent Content(string body, string? title = null) =>
        PlainTextReader.Read(body, title);

    [Fact]
    public void Build_SameTextTwice_SameIdAndHash()
    {
        var first = ArticleBuilder.Build(Content("The port reopened on Friday after a two-day strike by dock workers."), Raw());
        var second = ArticleBuilder.Build(Content("The port  reopened on Friday after a two-day strike by dock workers.\n\n\n"), Raw());

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Matches("^[0-9a-f]{16}$", first.Id);
    }

    [Fact]
    public void Build_WithUrl_IdFollowsCanonicalUrlNotText()
    {
        var a = ArticleBuilder.Build(Content("First version of the story about the strike at the port."), Raw("https://News.example.com/port-strike/?utm_source=x#top"));
        var b = ArticleBuilder.Build(Content("Corrected version of the story about the strike at the port."), Raw("https://news.example.com/port-strike"));

        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.ContentHash, b.ContentHash);
        Assert.Equal("https://news.example.com/port-strike", a.CanonicalUrl);
    }

    [Fact]
    public void Build_NoStatedDate_FallsBackToFeedThenFileTime()
    {
        var feedTime = new DateTimeOffset(2025, 12, 18, 22, 0, 0, TimeSpan.FromHours(2));
        var fromFeed = ArticleBuilder.Build(Content("Dock workers returned to work on Friday morning at the port."), Raw(feed: new FeedItemHints { Published = feedTime }));
        var fromFile = ArticleBuilder.Build(Content("Dock workers returned to work on Friday morning at the port."), Raw());

        Assert.Equal(feedTime.ToUniversalTime(), fromFeed.Published);
        Assert.Equal(PublishedSource.Feed, fromFeed.PublishedSource);
        Assert.Equal(FileTime, fromFile.Published);
        Assert.Equal(PublishedSource.FileMtime, fromFile.PublishedSource);
    }

    [Fact]
    public void Build_NfcAndWhitespace_AreNormalized()
    {
        var decomposed = "Cafe\u0301 owners in Sa\u0303o Paulo\u00A0protested\u200B on Monday against new rules.";
        var article = ArticleBuilder.Build(Content(decomposed), Raw());

        Assert.Equal("Café owners in São Paulo protested on Monday against new rules.", article.Body);
        Assert.True(article.Body.IsNormalized(NormalizationForm.FormC));
        Assert.Equal(11, article.WordCount);
    }

    [Fact]
    public void Build_SourcePrecedence_FileStatesItsOwnFeedUsesConfiguredName()
    {
        var stated = Content("Dock workers returned to work on Friday morning at the port.") with { Source = "Harbour Times" };

        Assert.Equal("Harbour Times", ArticleBuilder.Build(stated, Raw(source: "inbox")).Source);
        Assert.Equal("harbour-feed", ArticleBuilder.Build(stated, Raw(source: "harbour-feed", feed: new FeedItemHints())).Source);
        Assert.Equal("news.example.com", ArticleBuilder.Build(Content("Dock workers returned to work on Friday morning."), Raw("https://www.news.example.com/a")).Source);
    }
}
