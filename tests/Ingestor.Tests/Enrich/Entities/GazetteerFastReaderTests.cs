using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class GazetteerFastReaderTests
{
    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestFiles.ConfigDirectory, "entities"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void TryParse_ShippedFile_ReadsWhatTheYamlParserReads(string name)
    {
        var text = File.ReadAllText(Path.Combine(TestFiles.ConfigDirectory, "entities", name));

        var fast = GazetteerFastReader.TryParse(text, name);

        Assert.NotNull(fast);
        AssertSame(Gazetteer.Parse(new StringReader(text), name), fast);
    }

    [Fact]
    public void TryParse_QuotesCommentsAndSingleAlias_MatchTheYamlParser()
    {
        const string text = """
            # people we follow
            entities:
              - name: "St. John's Harbour Board"   # quoted, with a comment
                type: ORGANIZATION
                aliases: ['Harbour Board', "St John's Harbour Board", Board of the Harbour]
                id:
              - name: Maria Lopes
                type: PERSON
                aliases: M. Lopes # one alias, not a list
                role: Harbour Commissioner
                country: Portugal
            """;

        var fast = GazetteerFastReader.TryParse(text, "t.yaml");

        Assert.NotNull(fast);
        AssertSame(Gazetteer.Parse(new StringReader(text), "t.yaml"), fast);
        Assert.Equal(["Harbour Board", "St John's Harbour Board", "Board of the Harbour"], fast[0].Aliases);
        Assert.Null(fast[0].Id);
    }

    [Theory]
    [InlineData("entities:\n  - name: A\n    type: PERSON\n    aliases:\n      - B\n")]
    [InlineData("entities:\n  - name: A\n    type: PERSON\n    aliases: [B,\n      C]\n")]
    [InlineData("entities:\n  - name: \"A\\u0041\"\n    type: PERSON\n")]
    [InlineData("entities:\n  - name: &x A\n    type: PERSON\n")]
    [InlineData("entities:\n  - {name: A, type: PERSON}\n")]
    [InlineData("other: 1\nentities:\n  - name: A\n    type: PERSON\n")]
    [InlineData("entities:\n  - name: A\n    type: ROBOT\n")]
    [InlineData("entities:\n  - name: A\n    name: B\n    type: PERSON\n")]
    public void TryParse_YamlOutsideTheCommonShape_LeavesItToTheFullParser(string text)
    {
        Assert.Null(GazetteerFastReader.TryParse(text, "t.yaml"));
    }

    [Fact]
    public void LoadDirectory_FileOutsideTheCommonShape_StillLoads()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "block.yaml"), "entities:\n  - name: Maria Lopes\n    type: PERSON\n    aliases:\n      - Lopes\n");

        var gazetteer = Gazetteer.LoadDirectory(temp.Path);

        Assert.Equal("Maria Lopes", gazetteer.Resolve("Lopes")?.Name);
    }

    private static void AssertSame(IReadOnlyList<GazetteerEntry> expected, List<GazetteerEntry> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].Name, expected[i].Type, expected[i].Id, expected[i].Role, expected[i].Country), (actual[i].Name, actual[i].Type, actual[i].Id, actual[i].Role, actual[i].Country));
            Assert.Equal(expected[i].Aliases, actual[i].Aliases);
        }
    }
}
