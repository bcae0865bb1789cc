using Ingestor.Articles;
using Xunit.Abstractions;

namespace Ingestor.Tests.Enrich.Stories;

/// <summary>Which articles end up in one story: our fixtures and, where present, the user's five samples.</summary>
public sealed class StoryClusteringTests(ITestOutputHelper output)
{
    /// <summary>Fixtures that report the same event; every other fixture is a story of its own.</summary>
    private static readonly string[][] SameStory =
    [
        ["lisbon-01.txt", "lisbon-02.txt"],
        ["storm-01.txt", "storm-02.txt"],
        ["harbour-strike-01.txt", "harbour-strike-02.txt"],
    ];

    private static List<(string Name, Article Article)> Fixtures(DateTimeOffset at) =>
        EnrichTestArticles.FixtureNames.Select((n, i) => (n, EnrichTestArticles.Fixture(n, at: at.AddMinutes(i)))).ToList();

    private async Task<Dictionary<string, string>> ClusterAsync(IReadOnlyList<(string Name, Article Article)> articles, int seed)
    {
        using var temp = new TempFolder();
        await using var harness = new StageHarness(temp.Path);
        var random = new Random(seed);
        var order = articles.Select(a => (Key: random.Next(), Item: a)).OrderBy(p => p.Key).Select(p => p.Item).ToList();
        var indexed = await harness.RunAsync(order.Select(o => o.Article), batchSize: 4);
        var stories = order.Zip(indexed).ToDictionary(p => p.First.Name, p => p.Second.StoryId!);
        foreach (var group in stories.GroupBy(kv => kv.Value))
        {
            output.WriteLine($"{group.Key}: {string.Join(", ", group.Select(kv => kv.Key))}");
        }
        return stories;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Fixtures_AnyArrivalOrder_GroupByEvent(int seed)
    {
        var stories = await ClusterAsync(Fixtures(EnrichTestArticles.Epoch), seed);

        AssertPartition(stories, SameStory);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SampleSeeds_WithOurFixtures_FormOneStoryOfTheirOwn(int seed)
    {
        var seeds = EnrichTestArticles.SampleSeeds();
        Skip.If(seeds is null, "../shared/samples is not beside the repository");
        var articles = Fixtures(EnrichTestArticles.Epoch);
        articles.AddRange(seeds.Select((p, i) => ("seed:" + Path.GetFileName(p), EnrichTestArticles.FromFile(p, "seed" + i, EnrichTestArticles.Epoch.AddHours(i)))));

        var stories = await ClusterAsync(articles, seed);

        AssertPartition(stories, [.. SameStory, [.. articles.Where(a => a.Name.StartsWith("seed:", StringComparison.Ordinal)).Select(a => a.Name)]]);
    }

    private static void AssertPartition(Dictionary<string, string> stories, string[][] groups)
    {
        foreach (var group in groups)
        {
            Assert.True(group.Select(n => stories[n]).Distinct().Count() == 1, "one story expected for " + string.Join(", ", group) + ": " + string.Join(", ", group.Select(n => stories[n])));
        }
        var grouped = groups.SelectMany(g => g).ToHashSet();
        var singles = stories.Keys.Where(n => !grouped.Contains(n)).ToList();
        var storyOfGroup = groups.Select(g => stories[g[0]]).ToList();
        Assert.Equal(storyOfGroup.Count, storyOfGroup.Distinct().Count());
        foreach (var name in singles)
        {
            Assert.True(stories.Count(kv => kv.Value == stories[name]) == 1, $"{name} should be a story of its own, shares {stories[name]} with " +
                string.Join(", ", stories.Where(kv => kv.Value == stories[name] && kv.Key != name).Select(kv => kv.Key)));
        }
    }
}
