using Ingestor.Articles;
using Xunit.Abstractions;

namespace Ingestor.Tests.Enrich.Duplicates;

/// <summary>
/// Precision and recall of duplicate detection on copies generated from our own articles (see
/// <see cref="DuplicateVariants"/>); the numbers are reported in docs/duplicates-and-stories.md.
/// </summary>
public sealed class DuplicateDetectionQualityTests(ITestOutputHelper output)
{
    private static List<Article> Originals() =>
        EnrichTestArticles.FixtureNames.Select(n => EnrichTestArticles.Fixture(n)).ToList();

    [Fact]
    public async Task GeneratedCopies_DefaultSettings_HighPrecisionAndRecall()
    {
        var totals = new List<DuplicateScores>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var scores = await DuplicateEvaluation.RunAsync(DuplicateVariants.Generate(Originals(), seed));
            output.WriteLine($"seed {seed}: {scores.Describe()}");
            foreach (var mistake in scores.Mistakes)
            {
                output.WriteLine("  " + mistake);
            }
            totals.Add(scores);
        }
        var tp = totals.Sum(t => t.TruePositives);
        var precision = tp / (double)(tp + totals.Sum(t => t.FalsePositives));
        var recall = tp / (double)(tp + totals.Sum(t => t.FalseNegatives));
        output.WriteLine($"overall: precision {precision:P1}, recall {recall:P1}");

        Assert.True(precision >= 0.98, $"precision {precision:P1}");
        Assert.True(recall >= 0.90, $"recall {recall:P1}");
    }

    [SkippableFact]
    public async Task SampleSeeds_SameStoryDifferentArticles_AreNotDuplicates()
    {
        var seeds = EnrichTestArticles.SampleSeeds();
        Skip.If(seeds is null, "../shared/samples is not beside the repository");
        var set = seeds.Select(p => new LabelledArticle(EnrichTestArticles.FromFile(p), null, null))
            .Concat(Originals().Select(o => new LabelledArticle(o, null, null))).ToList();

        var scores = await DuplicateEvaluation.RunAsync(set);

        Assert.Equal(0, scores.FalsePositives);
    }

    [Theory(Skip = "calibration sweep: run by hand when changing the method")]
    [InlineData(3, 0.5)]
    [InlineData(3, 0.6)]
    [InlineData(4, 0.5)]
    [InlineData(4, 0.6)]
    [InlineData(4, 0.7)]
    [InlineData(5, 0.5)]
    [InlineData(5, 0.6)]
    public async Task Sweep(int shingleSize, double threshold)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Duplicates:ShingleSize"] = shingleSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Duplicates:Threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var scores = await DuplicateEvaluation.RunAsync(DuplicateVariants.Generate(Originals(), seed), settings);
            output.WriteLine($"k={shingleSize} t={threshold} seed {seed}: {scores.Describe()}");
        }
    }
    [Fact]
    [Trait("Category", "Long")]
    public void HardNegatives_PrintClosestPairsAndSpeed()
    {
        var originals = Originals();
        foreach (var path in EnrichTestArticles.SampleSeeds() ?? [])
        {
            originals.Add(EnrichTestArticles.FromFile(path));
        }
        var prints = originals.Select(o => Ingestor.Enrich.Duplicates.TextFingerprint.Compute(o.Body, 3, 25)).ToList();
        var worst = new List<(double C, double J, string A, string B)>();
        for (var i = 0; i < prints.Count; i++)
        {
            for (var j = i + 1; j < prints.Count; j++)
            {
                var jac = Ingestor.Enrich.Duplicates.TextFingerprint.Jaccard(prints[i].Signature!, prints[j].Signature!);
                worst.Add((Ingestor.Enrich.Duplicates.TextFingerprint.Containment(jac, prints[i].Shingles, prints[j].Shingles), jac, originals[i].Title[..20], originals[j].Title[..20]));
            }
        }
        foreach (var w in worst.OrderByDescending(w => w.C).Take(8))
        {
            output.WriteLine($"c={w.C:F3} j={w.J:F3} {w.A} | {w.B}");
        }
        var body = string.Join("\n\n", originals.Select(o => o.Body));
        for (var n = 0; n < 50; n++)
        {
            Ingestor.Enrich.Duplicates.TextFingerprint.Compute(body, 3, 25);
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < 20; n++)
        {
            Ingestor.Enrich.Duplicates.TextFingerprint.Compute(body, 3, 25);
        }
        output.WriteLine($"{sw.Elapsed.TotalMilliseconds / 20 / originals.Count * 1000:F0} µs per article of {body.Length / originals.Count} chars");
    }
}
