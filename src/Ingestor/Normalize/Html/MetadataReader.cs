using System.Text.RegularExpressions;

namespace Ingestor.Normalize.Html;

/// <summary>The article facts a page states outside its body text.</summary>
internal sealed record PageMetadata
{
    public string? Title { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public string? Url { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Language { get; init; }
}

/// <summary>
/// Reads title, site name, authors, publication date, canonical URL and language from JSON-LD,
/// OpenGraph and article:* meta, the other common meta conventions (author, date, parsely-*,
/// sailthru.*, Dublin Core), microdata, &lt;link rel=canonical&gt;, &lt;html lang&gt; and &lt;time&gt;.
/// </summary>
internal static partial class MetadataReader
{
    private static readonly string[] TitleKeys = ["og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "dcterms.title", "headline", "title"];

    private static readonly string[] SiteKeys = ["og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher", "cxenseparse:recs:publisher"];

    private static readonly string[] AuthorKeys =
    [
        "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl",
        "citation_author", "og:article:author", "cxenseparse:author", "article.author", "byline",
    ];

    private static readonly string[] DateKeys =
    [
        "article:published_time", "article:published", "og:article:published_time", "og:published_time", "datepublished",
        "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
        "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.issued", "dcterms.created", "dcterms.date",
        "article.published", "cxenseparse:recs:publishtime", "originalpublicationdate", "article_date_original",
        "citation_publication_date", "citation_date", "displaydate", "rnews:datepublished", "release_date",
    ];

    public static PageMetadata Read(PageSignals signals, PageTree tree, JsonLdArticle? ld, Uri? pageUrl,
        IReadOnlyList<int> contentRoots)
    {
        var baseUri = ResolveBase(signals.BaseHref, pageUrl);
        var canonical = Resolve(signals.CanonicalHref, baseUri) ?? Resolve(signals.MetaValue("og:url"), baseUri) ??
                        Resolve(ld?.Url, baseUri);
        var url = pageUrl?.AbsoluteUri ?? canonical;

        var site = FirstOf(signals, SiteKeys) ?? ld?.Publisher;
        var siteNames = new List<string>();
        foreach (var name in (ReadOnlySpan<string?>)[site, ld?.Publisher, signals.MetaValue("application-name"), signals.MetaValue("og:site_name")])
        {
            if (!string.IsNullOrWhiteSpace(name))
            {
                siteNames.Add(name);
            }
        }
        if (canonical is not null && Uri.TryCreate(canonical, UriKind.Absolute, out var canonicalUri))
        {
            siteNames.Add(HostLabel(canonicalUri.Host));
        }
        if (pageUrl is not null)
        {
            siteNames.Add(HostLabel(pageUrl.Host));
        }

        var stated = new List<string>();
        if (ld?.Headline is { } headline && ld.IsArticle)
        {
            stated.Add(TextCleaner.CleanInline(headline));
        }
        foreach (var key in TitleKeys)
        {
            if (signals.MetaValue(key) is { } value)
            {
                stated.Add(TextCleaner.CleanInline(value));
            }
        }
        var h1 = signals.H1.Select(i => TitleRules.TrimPermalinkMarks(tree.TextOf(i, 400))).Where(t => t.Length > 0).Take(5).ToList();
        var title = TitleRules.Choose(stated, TextCleaner.CleanInline(signals.DocumentTitle), h1, siteNames);

        return new PageMetadata
        {
            Title = title,
            Source = site is null ? null : TextCleaner.CleanInline(site),
            Authors = ReadAuthors(signals, tree, ld, siteNames),
            Published = ReadPublished(signals, tree, ld, contentRoots),
            Url = url,
            CanonicalUrl = canonical,
            Language = signals.Language ?? signals.MetaValue("content-language") ?? ld?.Language ??
                       signals.MetaValue("dc.language") ?? signals.MetaValue("og:locale")?.Replace('_', '-'),
        };
    }

    private static string? FirstOf(PageSignals signals, string[] keys)
    {
        foreach (var key in keys)
        {
            if (signals.MetaValue(key) is { } value && TextCleaner.CleanInline(value) is { Length: > 0 } clean)
            {
                return clean;
            }
        }
        return null;
    }

    private static string HostLabel(string host)
    {
        host = host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? host[..dot] : host;
    }

    private static Uri? ResolveBase(string? baseHref, Uri? pageUrl)
    {
        if (string.IsNullOrWhiteSpace(baseHref))
        {
            return pageUrl;
        }
        if (pageUrl is not null && Uri.TryCreate(pageUrl, baseHref.Trim(), out var combined))
        {
            return combined;
        }
        return Uri.TryCreate(baseHref.Trim(), UriKind.Absolute, out var absolute) ? absolute : pageUrl;
    }

    /// <summary>An absolute http(s) URL for an href, resolved against the page's base; null when it is not one.</summary>
    public static string? Resolve(string? href, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        href = href.Trim();
        Uri? result;
        if (baseUri is not null)
        {
            Uri.TryCreate(baseUri, href, out result);
        }
        else
        {
            Uri.TryCreate(href, UriKind.Absolute, out result);
        }
        return result is not null && result.IsAbsoluteUri && (result.Scheme == Uri.UriSchemeHttp || result.Scheme == Uri.UriSchemeHttps)
            ? result.AbsoluteUri
            : null;
    }

    // ---------------------------------------------------------------- authors

    private static List<string> ReadAuthors(PageSignals signals, PageTree tree, JsonLdArticle? ld, List<string> siteNames)
    {
        var sources = new List<IEnumerable<string>>();
        if (ld is not null)
        {
            sources.Add(ld.Authors);
        }
        foreach (var key in AuthorKeys)
        {
            sources.Add(signals.MetaValues(key));
        }
        sources.Add(signals.ItemProps.Where(p => p.Name == "author").Select(p => p.Content ?? AuthorText(tree, p.Node)));
        sources.Add(signals.AuthorLinks.Select(i => tree.TextOf(i, 100)));
        sources.Add(signals.Bylines.SelectMany(i => BylineNames(tree, i)).Take(10));
        var siteKeys = siteNames.Select(TitleRules.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var names = source.SelectMany(SplitNames)
                .Where(n => !siteKeys.Contains(TitleRules.Key(n)) || sources.IndexOf(source) == 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Take(10)
                .ToList();
            if (names.Count > 0)
            {
                return names;
            }
        }
        return [];
    }

    /// <summary>
    /// Names in a visible byline element: its links (author pages) when it has some, else its text up to
    /// the first date, comma or separator; only what reads as a name.
    /// </summary>
    private static IEnumerable<string> BylineNames(PageTree tree, int node)
    {
        if (tree.TextLength[node] is 0 or > 300)
        {
            yield break;
        }
        var links = new List<string>();
        for (var j = node + 1; j < tree.End[node]; j++)
        {
            if (tree.Tag[j] == HtmlTag.A && tree.TextOf(j, 100) is { Length: > 0 } linkText)
            {
                links.Add(linkText);
                j = tree.End[j] - 1;
            }
        }
        var candidates = links.Count > 0 ? links : [BylineHead().Match(ByPrefix().Replace(tree.TextOf(node, 300), "")).Value];
        foreach (var candidate in candidates)
        {
            var name = ByPrefix().Replace(candidate.Trim(), "").Trim().TrimEnd(',', '.', ':', '|', '-');
            name = TrailingDateWord().Replace(name, "");
            if (LooksLikeName(name))
            {
                yield return name;
            }
        }
    }

    [GeneratedRegex(@"(?:\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|updated|published|posted|on)\.?)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingDateWord();

    [GeneratedRegex(@"^[^,|•·/\d\n(]{2,80}?(?=\s*(?:,|\||•|·|/|\s-\s|\s–\s|\s—\s|\d|\(|$|\s(?:and|&)\s*$))", RegexOptions.CultureInvariant)]
    private static partial Regex BylineHead();

    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos", "das", "bin", "al", "el", "ibn", "y", "e", "st.",
    };

    /// <summary>Two to five capitalised words without digits: how a person's (or desk's) name looks.</summary>
    private static bool LooksLikeName(string text)
    {
        if (text.Length is < 4 or > 60 || text.Any(char.IsDigit) || text.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 2 and <= 5 && words.All(w => char.IsUpper(w[0]) || NameParticles.Contains(w) || !char.IsLetter(w[0]));
    }

    /// <summary>An itemprop=author element: its itemprop=name part when it has one, else all its text.</summary>
    private static string AuthorText(PageTree tree, int node)
    {
        for (var j = node + 1; j < tree.End[node]; j++)
        {
            if (tree.Element[j]?.GetAttribute("itemprop") == "name")
            {
                return tree.Element[j]!.GetAttribute("content") ?? tree.TextOf(j, 100);
            }
        }
        return tree.TextOf(node, 100);
    }

    [GeneratedRegex(@"^(?:(?:written|posted|reported|words|story|text)\s+)?by\s*:?\s+|^(?:von|par|por|di|door|av|af)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByPrefix();

    [GeneratedRegex(@"\s*(?:,|;|\||/|\band\b|&|\bund\b|\bet\b|\by\b)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameSeparator();

    private static IEnumerable<string> SplitNames(string? raw)
    {
        var text = TextCleaner.CleanInline(raw);
        if (text.Length == 0 || text.Length > 200 || text.Contains("://", StringComparison.Ordinal) ||
            text.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }
        text = ByPrefix().Replace(text, "");
        var parts = NameSeparator().Split(text).Select(p => p.Trim().Trim('.', ',', ':')).Where(p => p.Length > 0).ToList();
        // "Smith, John" is one name; split only when every part looks like a whole name.
        if (parts.Count > 1 && parts.Any(p => !p.Contains(' ', StringComparison.Ordinal)))
        {
            parts = [text];
        }
        foreach (var part in parts)
        {
            if (part.Length is >= 2 and <= 80 && !part.StartsWith('@') && !part.Contains('@', StringComparison.Ordinal) &&
                part.Any(char.IsLetter))
            {
                yield return part;
            }
        }
    }

    // ---------------------------------------------------------------- dates

    private static DateTimeOffset? ReadPublished(PageSignals signals, PageTree tree, JsonLdArticle? ld, IReadOnlyList<int> contentRoots)
    {
        if (MetaDates.Parse(ld?.DatePublished) is { } fromJsonLd)
        {
            return fromJsonLd;
        }
        foreach (var key in DateKeys)
        {
            foreach (var value in signals.MetaValues(key))
            {
                if (MetaDates.Parse(value) is { } parsed)
                {
                    return parsed;
                }
            }
        }
        foreach (var (name, node, content) in signals.ItemProps)
        {
            if (name == "datePublished" && MetaDates.Parse(content ?? tree.TextOf(node, 80)) is { } parsed)
            {
                return parsed;
            }
        }
        foreach (var (_, value, pubDate) in signals.Times)
        {
            if (pubDate && MetaDates.Parse(value) is { } parsed)
            {
                return parsed;
            }
        }
        // The first dated <time> in or just before the article text.
        foreach (var (node, value, _) in signals.Times)
        {
            if (contentRoots.Any(r => tree.Contains(r, node) || (node < r && r - node < 200 && tree.Parent[r] >= 0 && tree.Contains(tree.Parent[r], node))) &&
                MetaDates.Parse(value) is { } parsed)
            {
                return parsed;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- dateline

    [GeneratedRegex(
        @"^(?<place>\p{Lu}[\p{Lu}\p{M}'’.\- ]{1,40}?(?:,\s*[\p{L}.\- ]{2,30}?)?(?:,\s*\p{L}{3,9}\.?\s+\d{1,2})?)\s*(?:\([^)]{1,40}\)\s*)?(?:—|–|--|-|:)\s+\S",
        RegexOptions.CultureInvariant)]
    private static partial Regex DatelinePattern();

    /// <summary>"LONDON —", "WASHINGTON (Reuters) -": the place a story was filed from, when the lead states one.</summary>
    public static string? Dateline(string lead)
    {
        var match = DatelinePattern().Match(lead);
        if (!match.Success)
        {
            return null;
        }
        var place = match.Groups["place"].Value.Trim().TrimEnd(',');
        var firstPart = place.Split(',')[0];
        // The city is written in capitals ("LONDON"), which tells a dateline from a sentence.
        return firstPart.Length >= 2 && firstPart.Count(char.IsLetter) >= 2 && firstPart.Where(char.IsLetter).All(char.IsUpper)
            ? place
            : null;
    }
}
