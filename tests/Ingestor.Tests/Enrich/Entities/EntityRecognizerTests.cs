using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class EntityRecognizerTests
{
    private static readonly EntityRecognizer Recognizer =
        new(new GazetteerMatcher(Gazetteer.LoadDirectory(TestFiles.Fixture("entities"))));

    private static List<ArticleEntity> Entities(string text, IEnumerable<ProposedSpan>? proposed = null) =>
        EntityRecognizer.Summarize(Recognizer.Recognize(text, proposed));

    [Fact]
    public void Recognize_AliasesAndSpellingVariants_ResolveToCanonicalNames()
    {
        var entities = Entities("Officials in Türkiye and the U.S. met George Gerapetritis. The International Maritime Stabilization Mission begins in May.");

        Assert.Contains(entities, e => e is { Name: "Turkey", Type: EntityType.Location });
        Assert.Contains(entities, e => e is { Name: "United States", Type: EntityType.Location });
        Assert.Contains(entities, e => e is { Name: "Giorgos Gerapetritis", Type: EntityType.Person });
        Assert.Contains(entities, e => e is { Name: "International Maritime Stabilisation Mission", Type: EntityType.Organization });
    }

    [Theory]
    [InlineData("Qatari Prime Minister Mohammed bin Abdul Rahman al-Thani spoke first.")]
    [InlineData("Sheikh Mohammed bin Abdulrahman Al Thani spoke first.")]
    [InlineData("Mohammed bin Abdulrahman al Thani spoke first.")]
    public void Recognize_NameVariants_MeetOnOneEntity(string text)
    {
        var entity = Assert.Single(Entities(text), e => e.Type == EntityType.Person);

        Assert.Equal("Mohammed bin Abdulrahman Al Thani", entity.Name);
    }

    [Fact]
    public void Recognize_TaggedSpanOfKnownNamesOnly_SplitsIntoThoseNames()
    {
        const string text = "The Fidan Lisbon team arrived. The Lisbon Harbour Authority agreed.";
        var proposed = new[] { new ProposedSpan(4, 16, EntityType.Organization), new ProposedSpan(35, 59, EntityType.Organization) };

        var entities = Entities(text, proposed);

        Assert.Contains(entities, e => e is { Name: "Hakan Fidan", Type: EntityType.Person });
        Assert.Contains(entities, e => e is { Name: "Lisbon", Type: EntityType.Location, Mentions: 1 });
        // Unknown words around a known name keep the tagger's whole span.
        Assert.Contains(entities, e => e is { Name: "Lisbon Harbour Authority", Type: EntityType.Organization });
    }

    [Fact]
    public void Recognize_TaggedFirstNameAfterHonorific_IsTheFullName()
    {
        const string text = "Mohammed bin Abdulrahman Al Thani arrived. Later Sheikh Mohammed spoke.";
        var proposed = new[] { new ProposedSpan(49, 64, EntityType.Person) };

        var entity = Assert.Single(Entities(text, proposed), e => e.Type == EntityType.Person);

        Assert.Equal(("Mohammed bin Abdulrahman Al Thani", 2), (entity.Name, entity.Mentions));
    }

    [Fact]
    public void Recognize_LowercaseWords_DoNotMatchNames()
    {
        var entities = Entities("Let us roast a turkey in greece-proof paper, said the cook.");

        Assert.Empty(entities);
    }

    [Fact]
    public void Recognize_SurnameAfterFullMention_ResolvesToThePerson()
    {
        var mentions = Recognizer.Recognize("Turkish Foreign Minister Hakan Fidan arrived on Sunday. Fidan said talks would be long. Fidan’s aides agreed.");

        Assert.Equal(3, mentions.Count(m => m.Canonical == "Hakan Fidan"));
        Assert.All(mentions.Where(m => m.Canonical == "Hakan Fidan"), m => Assert.Equal(EntityType.Person, m.Type));
    }

    [Fact]
    public void Recognize_AcronymDefinedInText_ResolvesLaterUses()
    {
        const string text = "The Aegean Coast Guard Forum (ACGF) met in Lisbon. The ACGF will meet again in June.";
        var proposed = new[] { Span(text, "Aegean Coast Guard Forum", EntityType.Organization) };

        var mentions = Recognizer.Recognize(text, proposed);

        var acgf = mentions.Where(m => m.Canonical == "Aegean Coast Guard Forum").ToList();
        Assert.Equal(3, acgf.Count);
        Assert.Equal(["Aegean Coast Guard Forum", "ACGF", "ACGF"], acgf.Select(m => m.Text));
    }

    [Fact]
    public void Recognize_UnknownPersonWithTitle_TitleStrippedAndSurnameLinked()
    {
        const string text = "Harbour Commissioner Maria Lopes visited the port. Lopes said repairs would take a year.";
        var proposed = new[] { Span(text, "Harbour Commissioner Maria Lopes", EntityType.Person), Span(text, "Lopes said", EntityType.Person, 5) };

        var entity = Assert.Single(Entities(text, proposed));

        Assert.Equal("Maria Lopes", entity.Name);
        Assert.Equal(2, entity.Mentions);
    }

    [Fact]
    public void Recognize_Offsets_PointAtTheMentionInUtf16()
    {
        const string text = "Ünal flew from Lisbon to Washington, D.C. on Monday.";

        var mentions = Recognizer.Recognize(text);

        Assert.All(mentions, m => Assert.Equal(m.Text, text[m.Start..m.End]));
        Assert.Contains(mentions, m => m is { Canonical: "Washington", Text: "Washington, D.C." });
        Assert.Contains(mentions, m => m is { Canonical: "Lisbon" });
    }

    private static ProposedSpan Span(string text, string what, EntityType type, int? length = null)
    {
        var start = text.IndexOf(what, StringComparison.Ordinal);
        return new ProposedSpan(start, start + (length ?? what.Length), type);
    }

    [Fact]
    public void Recognize_SecretaryOfState_TitleIsNotPartOfTheName()
    {
        const string text = "Secretary of State Marco Rubio called on Friday.";

        var entity = Assert.Single(Entities(text, [Span(text, "Secretary of State Marco Rubio", EntityType.Person)]));

        Assert.Equal("Marco Rubio", entity.Name);
    }

    [Fact]
    public void Summarize_CountsMentionsAndKeepsFirstOffset()
    {
        var entities = Entities("NATO met. Then NATO met again in Lisbon.");

        var nato = Assert.Single(entities, e => e.Name == "North Atlantic Treaty Organization");
        Assert.Equal(2, nato.Mentions);
        Assert.Equal(0, nato.FirstOffset);
    }
}
