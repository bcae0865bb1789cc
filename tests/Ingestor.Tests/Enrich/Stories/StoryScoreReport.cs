using Ingestor.Enrich.Stories;
using Xunit.Abstractions;

namespace Ingestor.Tests.Enrich.Stories;

/// <summary>Prints how similar every fixture (and sample) is to every other one, for tuning the story settings.</summary>
public sealed class StoryScoreReport(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Long")]
    public void PairwiseScores_Print()
    {
        var articles = EnrichTestArticles.FixtureNames.Select(n => (Name: n, Article: EnrichTestArticles.Fixture(n))).ToList();
        foreach (var path in EnrichTestArticles.SampleSeeds() ?? [])
        {
            articles.Add(("seed:" + Path.GetFileName(path)[..3], EnrichTestArticles.FromFile(path)));
        }
        var clusterer = new StoryClusterer(new StoryOptions { Threshold = 1 });
        var time = EnrichTestArticles.Epoch.ToUnixTimeMilliseconds();
        foreach (var (_, article) in articles)
        {
            clusterer.Assign(article, time);
            clusterer.Commit();
        }
        var names = articles.ToDictionary(a => StoryClusterer.NewId(a.Article.Id), a => a.Name);
        foreach (var (name, article) in articles)
        {
            var scores = clusterer.Explain(article, time).Where(s => names[s.StoryId] != name)
                .OrderByDescending(s => s.Score).Take(4);
            output.WriteLine($"{name,-24} " + string.Join("  ", scores.Select(s => $"{names[s.StoryId]} c={s.Content:F2} e={s.Entities:F2} n={s.Shared} s={s.Score:F2}{(s.Eligible ? "" : "x")}")));
        }
    }
}
