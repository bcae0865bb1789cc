using Ingestor.Enrich.Duplicates;

namespace Ingestor.Tests.Enrich.Duplicates;

public sealed class NearDuplicateIndexTests
{
    private static uint[] Signature(Random random) =>
        Enumerable.Range(0, TextFingerprint.Hashes).Select(_ => (uint)random.Next()).ToArray();

    [Fact]
    public void Candidates_CopyOfAnOriginal_FoundThroughItsOwnBands()
    {
        var index = new NearDuplicateIndex();
        var random = new Random(7);
        var original = Signature(random);
        index.Add("original", original, shingles: 400, seenAt: 1);
        var copy = (uint[])original.Clone();
        for (var i = 0; i < copy.Length; i += 3)
        {
            copy[i] = (uint)random.Next(); // a third of the values differ: a lightly edited copy
        }

        var candidate = Assert.Single(index.Candidates(copy, shingles: 400));

        Assert.Equal("original", candidate.ArticleId);
        Assert.InRange(candidate.Jaccard, 0.5, 0.8);
    }

    [Fact]
    public void Candidates_BandSharedByThousandsOfOriginals_WalksOnlyTheNewestButStillFindsTheCopy()
    {
        var index = new NearDuplicateIndex();
        var random = new Random(11);
        var original = Signature(random);
        index.Add("original", original, shingles: 400, seenAt: 0);
        // Thousands of later articles share the original's first band (stock text they all carry), nothing else.
        for (var i = 0; i < 5_000; i++)
        {
            var other = Signature(random);
            other[0] = original[0];
            other[1] = original[1];
            index.Add($"other-{i}", other, shingles: 400, seenAt: i + 1);
        }

        var copy = (uint[])original.Clone();
        var candidates = index.Candidates(copy, shingles: 400);

        Assert.Equal("original", candidates[0].ArticleId);
        Assert.Equal(1, candidates[0].Jaccard);
        // The crowded band is walked newest first up to the cap, not through all 5,000 originals.
        Assert.InRange(candidates.Count, 2, NearDuplicateIndex.MaxBandWalk + 1);
    }
}
