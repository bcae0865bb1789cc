namespace Ingestor.Collect.Feeds;

/// <summary>HTML's named character references, used to recover feeds that use &amp;nbsp; and friends without declaring them.</summary>
internal static class HtmlEntities
{
    /// <summary>The characters <paramref name="name"/> (without '&amp;' and ';') stands for in HTML, or null.</summary>
    public static string? Lookup(string name)
    {
        // Feeds borrow these names from the HTML 4 / XHTML 1 DTDs, where the angle brackets are U+2329/U+232A
        // (HTML5 moved them to U+27E8/U+27E9).
        switch (name)
        {
            case "lang": return "\u2329";
            case "rang": return "\u232A";
        }
        var symbol = AngleSharp.Html.HtmlEntityProvider.Resolver.GetSymbol(name);
        return string.IsNullOrEmpty(symbol) ? null : symbol;
    }
}
