using Ingestor.Normalize.Html;

namespace Ingestor.Tests.Normalize.Html;

public sealed class TitleRulesTests
{
    [Theory]
    [InlineData("Bridge reopens after repair | The Gazette", "The Gazette", "Bridge reopens after repair")]
    [InlineData("Bridge reopens after repair - The Gazette", "The Gazette", "Bridge reopens after repair")]
    [InlineData("The Gazette: Bridge reopens after repair", "The Gazette", "Bridge reopens after repair")]
    [InlineData("Bridge reopens after repair – Local News – The Gazette", "The Gazette", "Bridge reopens after repair")]
    [InlineData("Bridge reopens after repair | gazette.example", "", "Bridge reopens after repair")]
    [InlineData("Council approves new cycle lanes for the city | Metro", "", "Council approves new cycle lanes for the city")]
    [InlineData("Obama - the years ahead", "", "Obama - the years ahead")]
    [InlineData("Lorem ipsum dolor sit amet – My website", "", "Lorem ipsum dolor sit amet")]
    [InlineData("Brexit – What Happens Next", "", "Brexit – What Happens Next")]
    [InlineData("Q&A: what the new rules mean for renters", "The Gazette", "Q&A: what the new rules mean for renters")]
    public void StripSiteName_TitleWithSiteName_KeepsHeadline(string title, string site, string expected)
    {
        var sites = site.Length > 0 ? new[] { site } : [];

        Assert.Equal(expected, TitleRules.StripSiteName(title, sites));
    }

    [Fact]
    public void Choose_H1AgreesWithStatedTitle_TakesH1()
    {
        var title = TitleRules.Choose(["Bridge reopens after two-year repair | Gazette"], "Bridge reopens | Gazette",
            ["Bridge reopens after two-year repair"], ["Gazette"]);

        Assert.Equal("Bridge reopens after two-year repair", title);
    }

    [Theory]
    [InlineData("Shared Mutable History¶", "Shared Mutable History")]
    [InlineData("Installation #", "Installation")]
    [InlineData("C#", "C#")]
    public void TrimPermalinkMarks_HeadingWithMark_DropsIt(string heading, string expected)
    {
        Assert.Equal(expected, TitleRules.TrimPermalinkMarks(heading));
    }

    [Fact]
    public void Choose_H1UnrelatedToTitle_TakesStatedTitle()
    {
        var title = TitleRules.Choose(["Bridge reopens after two-year repair"], null, ["Latest news"], []);

        Assert.Equal("Bridge reopens after two-year repair", title);
    }
}
