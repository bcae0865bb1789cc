using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class BilouTests
{
    [Fact]
    public void EncodeDecode_Spans_RoundTrip()
    {
        (int, int, EntityType)[] spans = [(0, 2, EntityType.Person), (3, 4, EntityType.Location), (5, 8, EntityType.Organization)];
        var labels = new int[9];
        Bilou.Encode(spans, labels);
        var decoded = new List<(int First, int End, EntityType Type)>();
        Bilou.Decode(labels, decoded);
        Assert.Equal(spans, decoded);
    }

    [Fact]
    public void Decode_RandomScores_AlwaysGivesValidSequences()
    {
        var random = new Random(11);
        var scratch = new ViterbiScratch();
        var transitions = new float[LinearChain.TransitionCount];
        for (var k = 0; k < transitions.Length; k++)
        {
            transitions[k] = (float)(random.NextDouble() * 4 - 2);
        }
        for (var trial = 0; trial < 500; trial++)
        {
            var n = 1 + random.Next(12);
            var emissions = new float[n * LinearChain.Labels];
            for (var k = 0; k < emissions.Length; k++)
            {
                emissions[k] = (float)(random.NextDouble() * 10 - 5);
            }
            var labels = new int[n];
            LinearChain.Decode(emissions, transitions, labels, scratch);
            var previous = Bilou.Start;
            foreach (var label in labels)
            {
                Assert.True(Bilou.Allowed(previous, label), $"{previous} -> {label}");
                previous = label;
            }
            Assert.True(Bilou.CanEnd(labels[^1]));
        }
    }

    [Fact]
    public void Decode_InsideWithoutBegin_NeverChosen()
    {
        var emissions = new float[2 * LinearChain.Labels];
        // Token 0 strongly prefers I-PER, token 1 L-PER: the only valid way to honour token 1 is B-PER L-PER.
        emissions[Bilou.Inside(EntityType.Person)] = 10;
        emissions[LinearChain.Labels + Bilou.Last(EntityType.Person)] = 10;
        var labels = new int[2];
        LinearChain.Decode(emissions, new float[LinearChain.TransitionCount], labels, new ViterbiScratch());
        Assert.Equal([Bilou.Begin(EntityType.Person), Bilou.Last(EntityType.Person)], labels);
    }

    [Fact]
    public void ForbidEntityStart_PunctuationScores_CannotBeginOrBeUnit()
    {
        var scores = new float[LinearChain.Labels];
        LinearChain.ForbidEntityStart(scores);
        foreach (var type in Enum.GetValues<EntityType>())
        {
            Assert.Equal(float.NegativeInfinity, scores[Bilou.Begin(type)]);
            Assert.Equal(float.NegativeInfinity, scores[Bilou.Unit(type)]);
            Assert.Equal(0, scores[Bilou.Inside(type)]);
        }
    }
}
