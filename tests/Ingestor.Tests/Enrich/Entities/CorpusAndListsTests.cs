using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class ConllCorpusTests
{
    private const string Corpus = """
        -DOCSTART- -X- -X- O

        Anna NNP B-NP B-PER
        Berg NNP I-NP I-PER
        met VBD B-VP O
        Kestrel NNP B-NP B-ORG
        Bank NNP I-NP I-ORG
        . . O O

        Oslo NNP B-NP I-LOC
        -DOCSTART- -X- -X- O

        Quito NNP B-NP B-LOC
        """;

    [Fact]
    public void Read_Documents_RebuildsTextLikeTheScorer()
    {
        var docs = ConllCorpus.Read(new StringReader(Corpus));
        Assert.Equal(2, docs.Count);
        Assert.Equal("Anna Berg met Kestrel Bank .\nOslo", docs[0].Text);
        Assert.Equal(3, docs[0].EntityCount);
        Assert.Equal("Quito", docs[1].Text);
    }

    [Fact]
    public void EntityScore_ExactAndPartialMatches_CountedLikeConlleval()
    {
        var doc = ConllCorpus.Read(new StringReader(Corpus))[0];
        var score = new EntityScore();
        score.Add(doc,
        [
            new TaggedSpan(0, 9, EntityType.Person),         // exact
            new TaggedSpan(14, 21, EntityType.Organization), // "Kestrel" only: wrong boundary
            new TaggedSpan(29, 33, EntityType.Location),     // exact
        ]);
        Assert.Equal(2.0 / 3, score.Precision, 6);
        Assert.Equal(2.0 / 3, score.Recall, 6);
        Assert.Equal(1.0, score.F1Of(EntityType.Person), 6);
        Assert.Equal(0.0, score.F1Of(EntityType.Organization), 6);
    }
}

public sealed class TrainingListsTests
{
    [Fact]
    public void ReadGazetteer_Yaml_NamesAndAliasesByType()
    {
        const string yaml = """
            entities:
              - name: Kestrel Bank
                type: ORGANIZATION
                id: Q1
                aliases: [Kestrel, KB]
              - name: Oslo
                type: LOCATION
              - name: Nobody
                type: UNKNOWN
            """;
        var entries = TrainingLists.ReadGazetteer(new StringReader(yaml), "test.yaml").ToList();
        var organization = TrainingLists.Names.ToList().IndexOf("gazetteer-organization");
        var location = TrainingLists.Names.ToList().IndexOf("gazetteer-location");
        Assert.Equal([(organization, "Kestrel Bank"), (organization, "Kestrel"), (organization, "KB"), (location, "Oslo")], entries);
    }

    [Fact]
    public void Build_ShippedLists_HaveEveryList()
    {
        var lists = TrainingLists.Build(gazetteerFolder: null);
        Assert.Equal(TrainingLists.Names, lists.Names);
        foreach (var list in Enumerable.Range(0, lists.Names.Count).Where(k => !lists.Names[k].StartsWith("gazetteer-", StringComparison.Ordinal)))
        {
            Assert.Contains(lists.Entries, e => e.List == list);
        }
    }

    [Fact]
    public void Build_GazetteerFolder_AddsItsNames()
    {
        var folder = Directory.CreateTempSubdirectory("ner-lists-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "people.yaml"), "entities:\n  - name: Zorvan Quillby\n    type: PERSON\n");
            var lists = TrainingLists.Build(folder.FullName);
            Assert.Contains((TrainingLists.Names.ToList().IndexOf("gazetteer-person"), "Zorvan Quillby"), lists.Entries);
            Assert.Contains((TrainingLists.Names.ToList().IndexOf("surname"), "Quillby"), lists.Entries);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
