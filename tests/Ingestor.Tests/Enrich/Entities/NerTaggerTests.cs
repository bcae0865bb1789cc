using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

/// <summary>The shipped model on sentences written for these tests.</summary>
public sealed class NerTaggerTests
{
    private static readonly NerTagger Tagger = NerTagger.CreateDefault();

    private static List<(string Text, EntityType Type)> Tag(string text) =>
        [.. Tagger.Tag(text).Select(s => (text[s.Start..s.End], s.Type))];

    [Fact]
    public void Tag_NewsSentence_FindsPeoplePlacesAndOrganizations()
    {
        var found = Tag("German Chancellor Friedrich Merz met Kenyan President William Ruto in Nairobi on Tuesday, "
                        + "the World Bank said in a statement.");
        Assert.Contains(("Friedrich Merz", EntityType.Person), found);
        Assert.Contains(("William Ruto", EntityType.Person), found);
        Assert.Contains(("Nairobi", EntityType.Location), found);
        Assert.Contains(("World Bank", EntityType.Organization), found);
        Assert.Contains(("German", EntityType.Misc), found);
        Assert.Contains(("Kenyan", EntityType.Misc), found);
    }

    [Fact]
    public void Tag_CurlyQuotesAndPossessive_KeepsNameWithoutClitic()
    {
        var found = Tag("“We are ready,” said Hamas. Egypt’s foreign minister flew to Doha.");
        Assert.Contains(("Hamas", EntityType.Organization), found);
        Assert.Contains(("Egypt", EntityType.Location), found);
        Assert.Contains(("Doha", EntityType.Location), found);
    }

    [Fact]
    public void Tag_LaterMention_TaggedLikeTheFirst()
    {
        var found = Tag("Ingrid Halvorsen, a lawyer from Bergen, filed the complaint.\nHalvorsen said she expected a ruling soon.");
        Assert.Contains(("Ingrid Halvorsen", EntityType.Person), found);
        Assert.Contains(("Halvorsen", EntityType.Person), found);
    }

    [Fact]
    public void Tag_NonAsciiText_OffsetsAreUtf16IntoTheText()
    {
        const string text = "🌍 Über Zürich: Recep Tayyip Erdoğan traf Angela Merkel.\nErdoğan’s trip to Ankara followed.";
        var spans = Tagger.Tag(text);
        var words = spans.Select(s => text[s.Start..s.End]).ToList();
        Assert.Contains("Recep Tayyip Erdoğan", words);
        Assert.Contains("Erdoğan", words);
        Assert.Contains("Ankara", words);
        var tokens = SegmentedText.Segment(text).Tokens;
        foreach (var span in spans)
        {
            Assert.Contains(tokens, t => t.Start == span.Start);
            Assert.Contains(tokens, t => t.End == span.End);
        }
    }

    [Fact]
    public void Tag_HyphenatedPlaceAndParticleName_FoundWhole()
    {
        var found = Tag("Prime Minister Mohammed bin Abdul Rahman Al Thani flew to Mar-a-Lago to meet the president.");
        Assert.Contains(("Mohammed bin Abdul Rahman Al Thani", EntityType.Person), found);
        Assert.Contains(("Mar-a-Lago", EntityType.Location), found);
    }

    [Fact]
    public void Tag_NameEndingInParticleWord_IncludesIt()
    {
        var found = Tag("Officials said Qatari Prime Minister Mohammed bin Abdul Rahman al-Thani would attend.");
        Assert.Contains(("Mohammed bin Abdul Rahman al-Thani", EntityType.Person), found);
    }

    [Fact]
    public void Tag_EmptyOrPunctuation_FindsNothing()
    {
        Assert.Empty(Tagger.Tag(""));
        Assert.Empty(Tagger.Tag(" . , “ ” — "));
    }

    [Fact]
    public void Tag_ManyThreads_SameResultsAsOneThread()
    {
        string[] texts =
        [
            "Boris Johnson spoke to Emmanuel Macron about fishing rights off Jersey.",
            "Shares of Toyota rose in Tokyo after the Bank of Japan kept rates unchanged.",
            "The United Nations said aid convoys reached Gaza City through the Rafah crossing.",
            "Lionel Messi scored twice as Inter Miami beat Orlando City.",
        ];
        var expected = texts.Select(t => Tagger.Tag(t)).ToArray();
        var failures = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % texts.Length;
            if (!Tagger.Tag(texts[i]).SequenceEqual(expected[i]))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }
}
