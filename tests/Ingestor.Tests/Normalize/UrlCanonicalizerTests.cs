using Ingestor.Normalize;

namespace Ingestor.Tests.Normalize;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("HTTPS://WWW.Example.COM:443/news/story/?utm_source=feed&utm_medium=rss&id=7#comments", "https://www.example.com/news/story?id=7")]
    [InlineData("https://example.com/news/story/amp/", "https://example.com/news/story")]
    [InlineData("https://amp.example.com/news/story", "https://example.com/news/story")]
    [InlineData("https://example.com/news/story.amp.html?fbclid=abc&gclid=def", "https://example.com/news/story.html")]
    [InlineData("http://example.com:8080/a?b=2&a=1", "http://example.com:8080/a?a=1&b=2")]
    [InlineData("https://example.com", "https://example.com/")]
    public void Canonicalize_Variants_MeetOnOneForm(string url, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(url));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/file")]
    [InlineData("javascript:alert(1)")]
    public void Canonicalize_NotAWebUrl_IsNull(string? url)
    {
        Assert.Null(UrlCanonicalizer.Canonicalize(url));
    }
}
