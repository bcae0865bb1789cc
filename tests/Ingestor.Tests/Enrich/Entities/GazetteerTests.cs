using Ingestor.Articles;
using Ingestor.Enrich.Entities;

namespace Ingestor.Tests.Enrich.Entities;

public sealed class GazetteerTests
{
    [Fact]
    public void Parse_MissingType_NamesTheFileAndEntry()
    {
        var ex = Assert.Throws<FormatException>(() => Gazetteer.Parse(new StringReader("entities:\n  - name: Lisbon\n"), "places.yaml"));

        Assert.Contains("places.yaml: entities[0] (Lisbon): 'type' is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownType_IsRefused()
    {
        var ex = Assert.Throws<FormatException>(() => Gazetteer.Parse(new StringReader("entities:\n  - {name: Lisbon, type: CITY}\n"), "places.yaml"));

        Assert.Contains("unknown type 'CITY'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_ShippedGazetteer_LoadsAndResolvesCommonAliases()
    {
        var gazetteer = Gazetteer.LoadDirectory(Path.Combine(TestFiles.ConfigDirectory, "entities"));

        Assert.True(gazetteer.Entries.Count > 1000);
        Assert.Equal("United States", gazetteer.Resolve("U.S.", EntityType.Location)?.Name);
        Assert.Equal("International Stabilisation Force", gazetteer.Resolve("International Stabilization Force")?.Name);
        Assert.Equal("Israel Defense Forces", gazetteer.Resolve("IDF")?.Name);
    }

    [Theory]
    [InlineData("al-Thani", "Al Thani")]
    [InlineData("Abdul Rahman", "Abdulrahman")]
    [InlineData("Stabilisation", "Stabilization")]
    [InlineData("U.S.", "US")]
    [InlineData("Erdoğan", "Erdogan")]
    [InlineData("Defence Ministry", "Defense Ministry")]
    public void Fold_Variants_AreEqual(string a, string b)
    {
        Assert.Equal(NameKey.Fold(a), NameKey.Fold(b));
    }
}
