namespace Ingestor.Collect.Feeds;

/// <summary>HTML's named character references, used to recover feeds that use &amp;nbsp; and friends without declaring them.</summary>
internal static class HtmlEntities
{
    /// <summary>The characters <paramref name="name"/> (without '&amp;' and ';') stands for in HTML, or null.</summary>
    public static string? Lookup(string name)
    {
        var symbol = AngleSharp.Html.HtmlEntityProvider.Resolver.GetSymbol(name);
        return string.IsNullOrEmpty(symbol) ? null : symbol;
    }
}
