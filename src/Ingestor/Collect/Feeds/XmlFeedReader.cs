namespace Ingestor.Collect.Feeds;

/// <summary>
/// Maps the element tree of an RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 or CDF document onto
/// <see cref="FeedInfo"/> and <see cref="FeedItem"/>s. Formats mix in the wild (Atom links in RSS, Dublin Core
/// everywhere), so every container understands every vocabulary; where two elements give the same field the
/// more specific one wins (pubDate over dc:date, description over itunes:summary).
/// </summary>
internal sealed class XmlFeedReader
{
    private readonly FeedErrors _errors;
    private readonly FeedParserOptions _options;
    private readonly FeedSourceInfo _source;
    private FeedFormat _format;
    private string _rootNs = "";

    private XmlFeedReader(FeedSourceInfo source, FeedErrors errors, FeedParserOptions options)
    {
        _source = source;
        _errors = errors;
        _options = options;
    }

    public static (FeedFormat Format, FeedInfo Feed, IReadOnlyList<FeedItem> Items) Read(
        FeedXmlElement root, FeedSourceInfo source, FeedErrors errors, FeedParserOptions options)
    {
        var reader = new XmlFeedReader(source, errors, options);
        return reader.Read(root);
    }

    private (FeedFormat, FeedInfo, IReadOnlyList<FeedItem>) Read(FeedXmlElement root)
    {
        var (format, feedRoot) = Detect(root, 0);
        _format = format;
        if (format == FeedFormat.Unknown || feedRoot is null)
        {
            _errors.Add($"not a feed: the document's root element is <{root.QualifiedName}>");
            return (FeedFormat.Unknown, new FeedInfo(), []);
        }
        _rootNs = feedRoot.NamespaceUri;

        FeedXmlElement channel = feedRoot;
        var itemElements = new List<FeedXmlElement>();
        switch (format)
        {
            case FeedFormat.Rss:
            case FeedFormat.Rdf:
                foreach (var child in feedRoot.Elements())
                {
                    if (child.Key == "channel" && ReferenceEquals(channel, feedRoot))
                    {
                        channel = child;
                    }
                    else if (child.Key == "item")
                    {
                        itemElements.Add(child);
                    }
                }
                if (format == FeedFormat.Rdf && !ReferenceEquals(channel, feedRoot))
                {
                    _rootNs = channel.NamespaceUri;
                }
                if (!ReferenceEquals(channel, feedRoot))
                {
                    var nested = new List<FeedXmlElement>();
                    foreach (var child in channel.Elements())
                    {
                        if (child.Key == "item")
                        {
                            nested.Add(child);
                        }
                    }
                    // RSS 2.0 puts items in the channel, RSS 1.0 beside it; keep document order either way.
                    itemElements = format == FeedFormat.Rss ? [.. nested, .. itemElements] : [.. itemElements, .. nested];
                }
                break;
            case FeedFormat.Cdf:
                CollectCdfItems(feedRoot, itemElements);
                break;
            default:
                if (feedRoot.Key == "entry")
                {
                    itemElements.Add(feedRoot);
                }
                else
                {
                    foreach (var child in feedRoot.Elements())
                    {
                        if (child.Key == "entry")
                        {
                            itemElements.Add(child);
                        }
                    }
                }
                break;
        }

        var feed = feedRoot.Key == "entry" ? new FeedInfo() : ReadFeedInfo(channel, feedRoot);
        var items = new List<FeedItem>(Math.Min(itemElements.Count, _options.MaxItems));
        foreach (var element in itemElements)
        {
            if (items.Count >= _options.MaxItems)
            {
                _errors.Add($"more than {_options.MaxItems} items; the rest were skipped");
                break;
            }
            items.Add(ReadItem(element, items.Count + 1));
        }
        return (format, feed, items);
    }

    private static (FeedFormat, FeedXmlElement?) Detect(FeedXmlElement e, int depth)
    {
        switch (e.Key)
        {
            case "rss":
                return (FeedFormat.Rss, e);
            case "rdf":
                return (FeedFormat.Rdf, e);
            case "feed" or "entry":
                if (e.Ns == FeedNs.Atom10 || (e.Ns != FeedNs.Atom03 && e.Attr("version") is "1.0"))
                {
                    return (FeedFormat.Atom10, e);
                }
                return (FeedFormat.Atom03, e);
            case "channel":
                return (FeedFormat.Cdf, e);
        }
        if (depth < 3)
        {
            foreach (var child in e.Elements())
            {
                var (format, found) = Detect(child, depth + 1);
                if (format != FeedFormat.Unknown)
                {
                    return (format, found);
                }
            }
        }
        return (FeedFormat.Unknown, null);
    }

    private static void CollectCdfItems(FeedXmlElement channel, List<FeedXmlElement> items)
    {
        foreach (var child in channel.Elements())
        {
            if (child.Key == "item")
            {
                items.Add(child);
            }
            else if (child.Key == "channel")
            {
                CollectCdfItems(child, items);
            }
        }
    }

    private bool IsAtomFormat => _format is FeedFormat.Atom10 or FeedFormat.Atom03;

    /// <summary>True for the format's own elements: no namespace, the root's namespace, or the format's namespaces.</summary>
    private bool Core(FeedXmlElement e) =>
        e.Ns == FeedNs.None || e.NamespaceUri == _rootNs
        || (IsAtomFormat ? e.Ns is FeedNs.Atom10 or FeedNs.Atom03 : e.Ns == FeedNs.Rss);

    private static bool AtomNs(FeedXmlElement e) => e.Ns is FeedNs.Atom10 or FeedNs.Atom03;

    /// <summary>Whether an element of the feed's own vocabulary follows Atom's rules (typed text constructs, link href).</summary>
    private bool AtomRules(FeedXmlElement e) => AtomNs(e) || (IsAtomFormat && Core(e));

    private TextValue ReadText(FeedXmlElement e, TextKind rssDefault)
    {
        if (e.Ns == FeedNs.Atom10 || (_format == FeedFormat.Atom10 && Core(e)))
        {
            return FeedText.ReadAtom10(e, _errors);
        }
        if (e.Ns == FeedNs.Atom03 || (_format == FeedFormat.Atom03 && Core(e)))
        {
            return FeedText.ReadAtom03(e, _errors);
        }
        return FeedText.ReadRss(e, rssDefault);
    }

    private FeedInfo ReadFeedInfo(FeedXmlElement channel, FeedXmlElement feedRoot)
    {
        Pick title = default, subtitle = default, rssLink = default, language = default, updated = default, published = default;
        var atomLinks = new List<FeedXmlElement>();
        var people = new List<(int Priority, FeedPerson Person)>();

        foreach (var child in channel.Elements())
        {
            var key = child.Key;
            if (Core(child) || AtomNs(child))
            {
                var secondary = !Core(child) ? 1 : 0;
                switch (key)
                {
                    case "title": title.Offer(child, 10 + secondary); break;
                    case "description": subtitle.Offer(child, 10 + secondary); break;
                    case "subtitle" or "tagline": subtitle.Offer(child, 11 + secondary); break;
                    case "abstract": subtitle.Offer(child, 15); break;
                    case "link":
                        if (AtomRules(child) || (child.Attr("href") is not null && string.IsNullOrWhiteSpace(child.Text())))
                        {
                            atomLinks.Add(child);
                        }
                        else
                        {
                            rssLink.Offer(child, 10 + secondary);
                        }
                        break;
                    case "language": language.Offer(child, 10 + secondary); break;
                    case "updated" or "modified" or "lastbuilddate": updated.Offer(child, 10 + secondary); break;
                    case "pubdate" or "published": published.Offer(child, 10 + secondary); break;
                    case "issued": published.Offer(child, 12 + secondary); break;
                    case "author":
                        AddPerson(people, AtomRules(child) ? FeedPeople.FromAtom(child) : FeedPeople.FromString(child.Text()), 10);
                        break;
                    case "managingeditor":
                        AddPerson(people, FeedPeople.FromString(child.Text()), 11);
                        break;
                }
                continue;
            }
            switch (child.Ns, key)
            {
                case (FeedNs.Dc, "title"): title.Offer(child, 20); break;
                case (FeedNs.Dc, "description"): subtitle.Offer(child, 30); break;
                case (FeedNs.Dc, "language"): language.Offer(child, 20); break;
                case (FeedNs.Dc, "date"): updated.Offer(child, 20); break;
                case (FeedNs.Dc, "creator" or "author"): AddPerson(people, FeedPeople.FromString(child.Text()), 12); break;
                case (FeedNs.DcTerms, "modified"): updated.Offer(child, 21); break;
                case (FeedNs.DcTerms, "issued"): published.Offer(child, 20); break;
                case (FeedNs.DcTerms, "created"): published.Offer(child, 21); break;
                case (FeedNs.Itunes, "summary"): subtitle.Offer(child, 20); break;
                case (FeedNs.Itunes, "subtitle"): subtitle.Offer(child, 21); break;
                case (FeedNs.Itunes, "author"): AddPerson(people, FeedPeople.FromString(child.Text()), 13); break;
            }
        }

        var link = rssLink.Element is { } rl ? LinkText(rl) : null;
        link ??= AlternateLink(atomLinks);
        if (link is null && (feedRoot.Attr("href") ?? channel.Attr("href")) is { } cdfHref)
        {
            link = FeedUrls.ResolveSafe(channel.Base, cdfHref);
        }

        var lang = language.Element is { } le ? Clean(le.Text()) : null;
        lang ??= channel.Language ?? feedRoot.Language;
        lang ??= string.IsNullOrWhiteSpace(_source.ContentLanguage) ? null : _source.ContentLanguage.Split(',')[0].Trim();

        var updatedDate = ReadDate(updated.Element, "feed");
        var publishedDate = ReadDate(published.Element, "feed");
        if (updatedDate is null && channel.Attr("lastmod") is { } lastmod)
        {
            updatedDate = FeedDates.Parse(lastmod);
        }

        return new FeedInfo
        {
            Title = title.Element is { } te ? ReadText(te, TextKind.Text).ToPlain() : null,
            Link = link,
            Subtitle = subtitle.Element is { } se ? ReadText(se, TextKind.Html).ToPlain() : null,
            Language = lang,
            Updated = updatedDate ?? publishedDate,
            Authors = Distinct(people),
        };
    }

    private FeedItem ReadItem(FeedXmlElement item, int number)
    {
        Pick id = default, title = default, rssLink = default, published = default, updated = default, created = default;
        Pick summary = default, content = default;
        var atomLinks = new List<FeedXmlElement>();
        var people = new List<(int Priority, FeedPerson Person)>();
        var categories = new List<string>();
        var enclosures = new List<FeedEnclosure>();
        string? permalinkGuid = null;

        foreach (var child in item.Elements())
        {
            var key = child.Key;
            if (Core(child) || AtomNs(child))
            {
                var secondary = !Core(child) ? 1 : 0;
                switch (key)
                {
                    case "guid":
                        if (id.Offer(child, 10))
                        {
                            var isPermaLink = child.Attr("ispermalink")?.Trim();
                            permalinkGuid = isPermaLink is null || isPermaLink.Equals("true", StringComparison.OrdinalIgnoreCase)
                                ? Clean(child.Text())
                                : null;
                        }
                        break;
                    case "id": id.Offer(child, 11 + secondary); break;
                    case "title": title.Offer(child, 10 + secondary); break;
                    case "link":
                        if (AtomRules(child) || (child.Attr("href") is not null && string.IsNullOrWhiteSpace(child.Text())))
                        {
                            atomLinks.Add(child);
                        }
                        else
                        {
                            rssLink.Offer(child, 10 + secondary);
                        }
                        break;
                    case "description": summary.Offer(child, 10 + secondary); break;
                    case "summary": summary.Offer(child, 11 + secondary); break;
                    case "abstract": summary.Offer(child, 15); break;
                    case "content":
                        if (child.Attr("src") is null || child.Children.Count > 0)
                        {
                            content.Offer(child, 10 + secondary);
                        }
                        break;
                    case "body" or "fullitem": content.Offer(child, 12); break;
                    case "pubdate" or "published": published.Offer(child, 10 + secondary); break;
                    case "issued": published.Offer(child, 12 + secondary); break;
                    case "created": created.Offer(child, 10 + secondary); break;
                    case "updated" or "modified": updated.Offer(child, 10 + secondary); break;
                    case "author":
                        AddPerson(people, AtomRules(child) ? FeedPeople.FromAtom(child) : FeedPeople.FromString(child.Text()), 10);
                        break;
                    case "category":
                        AddCategory(categories, AtomRules(child) || child.Attr("term") is not null
                            ? child.Attr("term") ?? child.Attr("label")
                            : child.Text());
                        break;
                    case "enclosure":
                        AddEnclosure(enclosures, child, child.Attr("url") ?? child.Attr("href"), child.Attr("type"), child.Attr("length"));
                        break;
                }
                continue;
            }
            switch (child.Ns, key)
            {
                case (FeedNs.Content, "encoded"): content.Offer(child, 9); break;
                case (FeedNs.Xhtml, "body"): content.Offer(child, 11); break;
                case (FeedNs.Dc, "title"): title.Offer(child, 20); break;
                case (FeedNs.Dc, "description"): summary.Offer(child, 20); break;
                case (FeedNs.Dc, "date"): updated.Offer(child, 20); break;
                case (FeedNs.Dc, "creator" or "author"): AddPerson(people, FeedPeople.FromString(child.Text()), 11); break;
                case (FeedNs.Dc, "subject"): AddCategory(categories, child.Text()); break;
                case (FeedNs.DcTerms, "modified"): updated.Offer(child, 21); break;
                case (FeedNs.DcTerms, "issued"): published.Offer(child, 20); break;
                case (FeedNs.DcTerms, "created"): created.Offer(child, 20); break;
                case (FeedNs.Itunes, "summary"): summary.Offer(child, 21); break;
                case (FeedNs.Itunes, "author"): AddPerson(people, FeedPeople.FromString(child.Text()), 12); break;
                case (FeedNs.Itunes, "keywords"):
                    foreach (var keyword in child.Text().Split(','))
                    {
                        AddCategory(categories, keyword);
                    }
                    break;
                case (FeedNs.Itunes, "category"): AddItunesCategories(categories, child); break;
                case (FeedNs.Media, "content"): AddMedia(enclosures, child); break;
                case (FeedNs.Media, "group"):
                    foreach (var media in child.Elements())
                    {
                        if (media.Ns == FeedNs.Media && media.Key == "content")
                        {
                            AddMedia(enclosures, media);
                        }
                    }
                    break;
                case (FeedNs.Media, "category"): AddCategory(categories, child.Text()); break;
                case (FeedNs.Media, "description"): summary.Offer(child, 30); break;
            }
        }

        foreach (var link in atomLinks)
        {
            if (string.Equals(link.Attr("rel")?.Trim(), "enclosure", StringComparison.OrdinalIgnoreCase))
            {
                AddEnclosure(enclosures, link, link.Attr("href"), link.Attr("type"), link.Attr("length"));
            }
        }

        var itemLink = rssLink.Element is { } rl ? LinkText(rl) : null;
        itemLink ??= AlternateLink(atomLinks);
        if (itemLink is null && item.Attr("href") is { } cdfHref)
        {
            itemLink = FeedUrls.ResolveSafe(item.Base, cdfHref);
        }
        if (itemLink is null && permalinkGuid is not null && FeedUrls.SchemeOf(permalinkGuid) is { } scheme
            && (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)))
        {
            itemLink = permalinkGuid;
        }

        var itemId = id.Element is { } ie ? Clean(ie.Text()) : null;
        if (itemId is null && _format == FeedFormat.Rdf)
        {
            itemId = Clean(AttrIn(item, "about", FeedNs.Rdf));
        }

        var where = $"item {number}";
        var updatedDate = ReadDate(updated.Element, where);
        if (updatedDate is null && item.Attr("lastmod") is { } lastmod)
        {
            updatedDate = FeedDates.Parse(lastmod);
        }

        return new FeedItem
        {
            Id = itemId,
            Title = title.Element is { } te ? ReadText(te, TextKind.Text).ToPlain() : null,
            Link = itemLink,
            Published = ReadDate(published.Element, where) ?? ReadDate(created.Element, where),
            Updated = updatedDate,
            Summary = summary.Element is { } se ? ReadText(se, TextKind.Html).ToHtml() : null,
            Content = content.Element is { } ce ? ReadText(ce, TextKind.Html).ToHtml() : null,
            Authors = Distinct(people),
            Categories = categories,
            Enclosures = enclosures,
        };
    }

    private static string? AttrIn(FeedXmlElement e, string localName, FeedNs ns)
    {
        foreach (var a in e.Attributes)
        {
            if (a.LocalName == localName && (FeedNamespaces.Classify(a.NamespaceUri) == ns || a.NamespaceUri.Length == 0))
            {
                return a.Value;
            }
        }
        return null;
    }

    private static string? LinkText(FeedXmlElement e)
    {
        var text = e.Text().Trim();
        if (text.Length == 0)
        {
            text = e.Attr("href")?.Trim() ?? "";
        }
        return text.Length == 0 ? null : FeedUrls.ResolveSafe(e.Base, text);
    }

    /// <summary>The first rel="alternate" link (rel defaults to alternate), preferring one of an HTML type.</summary>
    private static string? AlternateLink(List<FeedXmlElement> links)
    {
        FeedXmlElement? any = null;
        foreach (var link in links)
        {
            var rel = link.Attr("rel")?.Trim() ?? "alternate";
            if (!rel.Equals("alternate", StringComparison.OrdinalIgnoreCase) || link.Attr("href") is null)
            {
                continue;
            }
            var type = link.Attr("type")?.Trim().ToLowerInvariant();
            if (type is null or "text/html" or "application/xhtml+xml" or "html")
            {
                any = link;
                break;
            }
            any ??= link;
        }
        return any is null ? null : FeedUrls.ResolveSafe(any.Base, any.Attr("href")!);
    }

    private DateTimeOffset? ReadDate(FeedXmlElement? e, string where)
    {
        if (e is null)
        {
            return null;
        }
        var text = e.Text().Trim();
        var date = FeedDates.Parse(text);
        if (date is null && text.Length > 0)
        {
            _errors.Add($"{where}: unreadable date in <{e.QualifiedName}>: '{Shorten(text)}'");
        }
        return date;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static void AddPerson(List<(int Priority, FeedPerson Person)> people, FeedPerson? person, int priority)
    {
        if (person is not null)
        {
            people.Add((priority, person));
        }
    }

    private static List<FeedPerson> Distinct(List<(int Priority, FeedPerson Person)> people)
    {
        if (people.Count == 0)
        {
            return [];
        }
        var ordered = people.Count == 1 ? [people[0].Person] : people.OrderBy(p => p.Priority).Select(p => p.Person).ToList();
        var result = new List<FeedPerson>(ordered.Count);
        foreach (var person in ordered)
        {
            var duplicate = false;
            foreach (var kept in result)
            {
                if (string.Equals(kept.Name, person.Name, StringComparison.OrdinalIgnoreCase)
                    && (kept.Email is null || person.Email is null || string.Equals(kept.Email, person.Email, StringComparison.OrdinalIgnoreCase)))
                {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate)
            {
                result.Add(person);
            }
        }
        return result;
    }

    private static void AddCategory(List<string> categories, string? value)
    {
        if (value is null)
        {
            return;
        }
        var term = Normalize.Html.HtmlSanitizer.CollapseWhitespace(value);
        if (term.Length > 0 && !categories.Contains(term))
        {
            categories.Add(term);
        }
    }

    private static void AddItunesCategories(List<string> categories, FeedXmlElement category)
    {
        AddCategory(categories, category.Attr("text"));
        foreach (var nested in category.Elements())
        {
            if (nested.Key == "category")
            {
                AddItunesCategories(categories, nested);
            }
        }
    }

    private static void AddMedia(List<FeedEnclosure> enclosures, FeedXmlElement media) =>
        AddEnclosure(enclosures, media, media.Attr("url"), media.Attr("type"), media.Attr("filesize"));

    private static void AddEnclosure(List<FeedEnclosure> enclosures, FeedXmlElement e, string? url, string? type, string? length)
    {
        var resolved = FeedUrls.ResolveSafe(e.Base, url);
        if (resolved is null)
        {
            return;
        }
        foreach (var existing in enclosures)
        {
            if (existing.Url == resolved)
            {
                return;
            }
        }
        long? size = long.TryParse(length?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        enclosures.Add(new FeedEnclosure(resolved, Clean(type), size));
    }

    /// <summary>The best candidate element for one field: lowest priority number wins, then document order.</summary>
    private struct Pick
    {
        public FeedXmlElement? Element { get; private set; }
        private int _priority;

        /// <summary>Offers a candidate; empty elements are ignored. True when it became the pick.</summary>
        public bool Offer(FeedXmlElement e, int priority)
        {
            if (Element is not null && priority >= _priority)
            {
                return false;
            }
            if (!e.HasElementChildren && string.IsNullOrWhiteSpace(e.Text()) && e.Attr("href") is null)
            {
                return false;
            }
            Element = e;
            _priority = priority;
            return true;
        }
    }
}
