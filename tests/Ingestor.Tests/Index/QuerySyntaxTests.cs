using Ingestor.Index;

namespace Ingestor.Tests.Index;

public sealed class QuerySyntaxTests
{
    [Theory]
    [InlineData("gaza ceasefire", "gaza ceasefire")]
    [InlineData("gaza AND ceasefire", "gaza ceasefire")]
    [InlineData("\"board of peace\" trump", "\"board of peace\" trump")]
    [InlineData("witkoff OR kushner", "witkoff OR kushner")]
    [InlineData("gaza -football", "gaza -football")]
    [InlineData("gaza NOT football", "gaza -football")]
    [InlineData("summ*", "summ*")]
    [InlineData("(witkoff OR kushner) miami", "(witkoff OR kushner) miami")]
    [InlineData("al-Thani", "al-Thani")]
    [InlineData("“ceasefire”", "ceasefire")]
    [InlineData("gaza —", "gaza")]
    public void Parse_ValidQuery_RoundTripsToCanonicalSyntax(string query, string expected)
    {
        var node = QuerySyntax.Parse(query);

        Assert.NotNull(node);
        Assert.Equal(expected, node.ToSyntax());
    }

    [Theory]
    [InlineData("\"unterminated", "never closed")]
    [InlineData("(gaza", "never closed")]
    [InlineData("gaza)", "no matching")]
    [InlineData("gaza AND", "on its right")]
    [InlineData("OR gaza", "Expected a word")]
    [InlineData("gaza OR -miami", "cannot be one side of OR")]
    [InlineData("()", "empty")]
    [InlineData("*", "needs letters")]
    [InlineData("NOT", "must be followed")]
    public void Parse_MalformedQuery_ThrowsWithMessage(string query, string fragment)
    {
        var ex = Assert.Throws<QuerySyntaxException>(() => QuerySyntax.Parse(query));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyExclusions_IsPurelyNegative()
    {
        var node = QuerySyntax.Parse("-football -cricket");

        Assert.NotNull(node);
        Assert.True(QuerySyntax.IsPurelyNegative(node));
    }

    [Fact]
    public void Parse_Blank_ReturnsNull()
    {
        Assert.Null(QuerySyntax.Parse("   "));
    }
}
