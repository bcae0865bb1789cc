using Ingestor.Collect.Http;

namespace Ingestor.Tests.Collect.Http;

public sealed class RobotsRulesTests
{
    private const string Robots = """
        # comment
        User-agent: *
        Disallow: /private/
        Allow: /private/press/
        Disallow: /*.pdf$

        User-agent: Ingestor
        Disallow: /no-ingestor/
        """;

    [Theory]
    [InlineData("OtherBot/2.0", "/private/x", false)]
    [InlineData("OtherBot/2.0", "/private/press/release", true)]
    [InlineData("OtherBot/2.0", "/files/report.pdf", false)]
    [InlineData("OtherBot/2.0", "/files/report.pdf?x=1", true)]
    [InlineData("OtherBot/2.0", "/news/story", true)]
    [InlineData("Ingestor/1.0 (ops@example.org)", "/private/x", true)]
    [InlineData("Ingestor/1.0 (ops@example.org)", "/no-ingestor/x", false)]
    public void IsAllowed_GroupAndLongestMatch_Decide(string userAgent, string path, bool allowed)
    {
        var rules = RobotsRules.Parse(Robots, userAgent);

        Assert.Equal(allowed, rules.IsAllowed(new Uri("http://news.test" + path)));
    }

    [Fact]
    public void IsAllowed_HostileWildcards_AnswersQuickly()
    {
        var rules = RobotsRules.Parse("User-agent: *\nDisallow: /" + string.Concat(Enumerable.Repeat("*a", 40)) + "b\n", "Ingestor/1.0");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.True(rules.IsAllowed(new Uri("http://news.test/" + new string('a', 2000))));
        Assert.False(rules.IsAllowed(new Uri("http://news.test/" + new string('a', 50) + "b")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }
}
