namespace Ingestor.Collect.Feeds;

/// <summary>The vocabularies the feed reader understands; everything else is <see cref="Other"/> and ignored.</summary>
internal enum FeedNs : byte
{
    None,
    Rss,
    Rdf,
    Atom10,
    Atom03,
    Dc,
    DcTerms,
    Content,
    Itunes,
    Media,
    Xhtml,
    Xml,
    Other,
}

internal static class FeedNamespaces
{
    public const string Xml = "http://www.w3.org/XML/1998/namespace";

    /// <summary>Keyed by the URI lower-cased with a trailing '/' or '#' removed: feeds spell these loosely.</summary>
    private static readonly Dictionary<string, FeedNs> Known = new(StringComparer.Ordinal)
    {
        ["http://backend.userland.com/rss2"] = FeedNs.Rss,
        ["http://backend.userland.com/rss"] = FeedNs.Rss,
        ["http://blogs.law.harvard.edu/tech/rss"] = FeedNs.Rss,
        ["http://purl.org/rss/1.0"] = FeedNs.Rss,
        ["http://purl.org/rss/2.0"] = FeedNs.Rss,
        ["http://purl.org/net/rss1.1"] = FeedNs.Rss,
        ["http://my.netscape.com/rdf/simple/0.9"] = FeedNs.Rss,
        ["http://channel.netscape.com/rdf/simple/0.9"] = FeedNs.Rss,
        ["http://www.w3.org/1999/02/22-rdf-syntax-ns"] = FeedNs.Rdf,
        ["http://www.w3.org/2005/atom"] = FeedNs.Atom10,
        ["http://purl.org/atom/ns"] = FeedNs.Atom03,
        ["http://purl.org/echo"] = FeedNs.Atom03,
        ["http://purl.org/pie"] = FeedNs.Atom03,
        ["http://example.com/newformat"] = FeedNs.Atom03,
        ["http://example.com/necho"] = FeedNs.Atom03,
        ["http://necronomicorp.com/ns/atom"] = FeedNs.Atom03,
        ["http://purl.org/dc/elements/1.1"] = FeedNs.Dc,
        ["http://purl.org/dc/elements/1.0"] = FeedNs.Dc,
        ["http://purl.org/dc/terms"] = FeedNs.DcTerms,
        ["http://purl.org/rss/1.0/modules/content"] = FeedNs.Content,
        ["http://www.itunes.com/dtds/podcast-1.0.dtd"] = FeedNs.Itunes,
        ["http://example.com/dtds/podcast-1.0.dtd"] = FeedNs.Itunes,
        ["http://search.yahoo.com/mrss"] = FeedNs.Media,
        ["http://search.yahoo.com/rss"] = FeedNs.Media,
        ["http://www.w3.org/1999/xhtml"] = FeedNs.Xhtml,
        ["http://www.w3.org/xml/1998/namespace"] = FeedNs.Xml,
    };

    /// <summary>Where a feed uses a prefix without declaring it, the URI the prefix conventionally stands for.</summary>
    private static readonly Dictionary<string, string> ConventionalPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["media"] = "http://search.yahoo.com/mrss/",
        ["atom"] = "http://www.w3.org/2005/Atom",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["xhtml"] = "http://www.w3.org/1999/xhtml",
        ["xml"] = Xml,
    };

    public static FeedNs Classify(string uri)
    {
        if (uri.Length == 0)
        {
            return FeedNs.None;
        }
        var key = uri.Trim().ToLowerInvariant().TrimEnd('/', '#');
        return Known.TryGetValue(key, out var ns) ? ns : FeedNs.Other;
    }

    public static string? ConventionalUri(string prefix) =>
        ConventionalPrefixes.TryGetValue(prefix, out var uri) ? uri : null;
}
