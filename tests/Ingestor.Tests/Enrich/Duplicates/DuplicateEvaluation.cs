using Ingestor.Articles;

namespace Ingestor.Tests.Enrich.Duplicates;

/// <summary>Precision and recall of duplicate detection over a labelled set, overall and per kind of copy.</summary>
internal sealed record DuplicateScores(int Articles, int Copies, int TruePositives, int FalsePositives, int FalseNegatives, int StrictTruePositives,
    IReadOnlyDictionary<VariantKind, (int Found, int Total)> RecallByKind, IReadOnlyList<string> Mistakes)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    public string Describe() =>
        $"{Articles} articles ({Copies} copies): precision {Precision:P1}, recall {Recall:P1} (TP {TruePositives}, of them {StrictTruePositives} to the original itself; FP {FalsePositives}, FN {FalseNegatives}); " +
        string.Join(", ", RecallByKind.Select(kv => $"{kv.Key} {kv.Value.Found}/{kv.Value.Total}"));
}

internal static class DuplicateEvaluation
{
    /// <summary>Runs the real duplicate stage (temp state database) over the set in arrival order.</summary>
    public static async Task<DuplicateScores> RunAsync(IReadOnlyList<LabelledArticle> set, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var temp = new TempFolder();
        var merged = new Dictionary<string, string?> { ["Stories:Enabled"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }
        await using var harness = new StageHarness(temp.Path, merged);
        var output = await harness.RunAsync(set.Select(s => s.Article), batchSize: 32);
        return Score(set, output);
    }

    /// <summary>
    /// A link is right when it joins an article to its own original or to another copy of it (a copy
    /// linked to a sibling copy that was missed is still a copy of the same text); <c>Strict</c>
    /// counts only links to the original itself.
    /// </summary>
    public static DuplicateScores Score(IReadOnlyList<LabelledArticle> set, IReadOnlyList<Article> output)
    {
        var root = set.ToDictionary(s => s.Article.Id, s => s.CopyOf ?? s.Article.Id, StringComparer.Ordinal);
        int tp = 0, fp = 0, fn = 0, strict = 0;
        var byKind = new Dictionary<VariantKind, (int Found, int Total)>();
        var mistakes = new List<string>();
        for (var i = 0; i < set.Count; i++)
        {
            var truth = set[i].CopyOf;
            var predicted = output[i].DuplicateOf;
            var right = predicted is not null && truth is not null && root.GetValueOrDefault(predicted) == truth;
            if (right)
            {
                tp++;
                strict += predicted == truth ? 1 : 0;
            }
            else if (predicted is not null)
            {
                fp++;
                mistakes.Add($"{set[i].Article.Id} linked to {predicted}, expected {truth ?? "none"}");
            }
            if (truth is not null && !right)
            {
                fn++;
                mistakes.Add($"{set[i].Article.Id} ({set[i].Kind}) not linked to {truth}");
            }
            if (set[i].Kind is { } kind)
            {
                var (found, total) = byKind.GetValueOrDefault(kind);
                byKind[kind] = (found + (right ? 1 : 0), total + 1);
            }
        }
        return new DuplicateScores(set.Count, set.Count(s => s.CopyOf is not null), tp, fp, fn, strict, byKind, mistakes);
    }
}
