using Ingestor.Index;
using Ingestor.Index.Sqlite;

namespace Ingestor.Tests.Index.Sqlite;

public sealed class SqliteInternalsTests
{
    [Theory]
    [InlineData("gaza", "\"gaza\"")]
    [InlineData("summ*", "\"summ\"*")]
    [InlineData("\"board of peace\"", "\"board of peace\"")]
    [InlineData("gaza miami", "((\"gaza\") AND (\"miami\"))")]
    [InlineData("gaza OR miami", "((\"gaza\") OR (\"miami\"))")]
    [InlineData("gaza -football", "(\"gaza\" NOT \"football\")")]
    [InlineData("gaza -football -cricket", "(\"gaza\" NOT ((\"football\") OR (\"cricket\")))")]
    [InlineData("title:gaza", "\"title:gaza\"")]
    [InlineData("NEAR(a b)", "((\"NEAR\") AND (\"a\") AND (\"b\"))")]
    public void FtsQuery_PositiveQuery_QuotesEveryTerm(string query, string expected)
    {
        var fts = FtsQuery.From(QuerySyntax.Parse(query));

        Assert.Equal(FtsQueryKind.Match, fts.Kind);
        Assert.Equal(expected, fts.Match);
    }

    [Fact]
    public void FtsQuery_PurelyNegative_IsTheComplementOfTheExcludedTerms()
    {
        var fts = FtsQuery.From(QuerySyntax.Parse("-gaza -\"board of peace\""));

        Assert.Equal(FtsQueryKind.Complement, fts.Kind);
        Assert.Equal("((\"gaza\") OR (\"board of peace\"))", fts.Match);
    }

    [Fact]
    public void FtsQuery_NoQuery_MatchesAll()
    {
        Assert.Equal(FtsQueryKind.All, FtsQuery.From(null).Kind);
    }

    [Fact]
    public void FtsQuery_TitleMatch_ListsPositiveTermsOnly()
    {
        var fts = FtsQuery.From(QuerySyntax.Parse("(gaza OR doha) -football ceasefire"));

        Assert.Equal("((\"gaza\") OR (\"doha\") OR (\"ceasefire\"))", fts.TitleMatch);
    }

    [Theory]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("a\u0000b", "\"a b\"")]
    [InlineData("tab\there", "\"tab here\"")]
    public void FtsQuery_Quote_EscapesQuotesAndControlCharacters(string text, string expected)
    {
        Assert.Equal(expected, FtsQuery.Quote(text));
    }

    [Fact]
    public void Snippets_ToHtml_EscapesTextAndBalancesMarks()
    {
        var html = Snippets.ToHtml($"<b>{Snippets.Open}x&y{Snippets.Close}{Snippets.Close} \"'{Snippets.Open}open");

        Assert.Equal("&lt;b&gt;<mark>x&amp;y</mark> &quot;&#39;<mark>open</mark>", html);
    }

    [Fact]
    public void Snippets_Lead_CutsLongTextAtAWordBoundary()
    {
        var lead = string.Join(' ', Enumerable.Repeat("word", 100));

        var snippet = Snippets.Lead(lead, "");

        Assert.True(snippet.Length <= Snippets.LeadLength + 1);
        Assert.EndsWith("word…", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippets_Lead_FallsBackToTheFirstParagraph()
    {
        Assert.Equal("First &amp; only", Snippets.Lead("", "First & only\n\nSecond"));
    }

    [Fact]
    public void FacetBlob_EncodedValues_ReadBackInOrder()
    {
        var blob = FacetBlob.Encode(300, -1, 70_000, FacetBlob.DuplicateFlag, [FacetBlob.EntityCode(2, 1_000_000), FacetBlob.EntityCode(0, 0)]);

        var reader = new FacetBlob.Reader(blob);

        Assert.Equal(301u, reader.Next());
        Assert.Equal(0u, reader.Next());
        Assert.Equal(70_001u, reader.Next());
        Assert.Equal(1u, reader.Next());
        Assert.Equal(2u, reader.Next());
        Assert.Equal(3_000_002u, reader.Next());
        Assert.Equal(0u, reader.Next());
    }

    [Fact]
    public void FacetBlob_Truncated_Throws()
    {
        var blob = FacetBlob.Encode(300, 1, 1, 0, []);

        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new FacetBlob.Reader(blob.AsSpan(0, 1));
            reader.Next();
        });
    }

    [Fact]
    public void IdKey_NeverContradictsOrdinalOrder()
    {
        var random = new Random(3);
        const string alphabet = "0123456789abcdefAZ-_~é€😀";
        var ids = Enumerable.Range(0, 3000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(0, 14)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .ToList();

        foreach (var a in ids.Take(300))
        {
            foreach (var b in ids)
            {
                var byKey = FacetStore.IdKey(a).CompareTo(FacetStore.IdKey(b));
                var byId = string.CompareOrdinal(a, b);
                Assert.True(byKey == 0 || Math.Sign(byKey) == Math.Sign(byId), $"'{a}' vs '{b}'");
            }
        }
    }
}
