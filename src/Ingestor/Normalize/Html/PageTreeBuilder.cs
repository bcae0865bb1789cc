using AngleSharp.Dom;

namespace Ingestor.Normalize.Html;

/// <summary>What the page states about itself outside its visible text: head tags, JSON-LD, microdata.</summary>
internal sealed class PageSignals
{
    public string? DocumentTitle { get; set; }
    public string? Language { get; set; }
    public string? CanonicalHref { get; set; }
    public string? BaseHref { get; set; }
    /// <summary>Meta tags as (lower-cased name, property, itemprop or http-equiv; content) in document order.</summary>
    public List<(string Key, string Value)> Meta { get; } = [];
    public List<string> JsonLd { get; } = [];
    /// <summary>Tree indexes of h1 elements.</summary>
    public List<int> H1 { get; } = [];
    /// <summary>Tree indexes and datetime attributes of time elements.</summary>
    public List<(int Node, string Value, bool PubDate)> Times { get; } = [];
    /// <summary>Microdata in the body: (itemprop, tree index, content attribute or null).</summary>
    public List<(string Name, int Node, string? Content)> ItemProps { get; } = [];
    /// <summary>Tree indexes of rel=author links.</summary>
    public List<int> AuthorLinks { get; } = [];
    /// <summary>Tree indexes of elements whose class or id says byline or author, in document order.</summary>
    public List<int> Bylines { get; } = [];

    public string? MetaValue(string key)
    {
        foreach (var (k, v) in Meta)
        {
            if (k == key && v.Length > 0)
            {
                return v;
            }
        }
        return null;
    }

    public IEnumerable<string> MetaValues(string key)
    {
        foreach (var (k, v) in Meta)
        {
            if (k == key && v.Length > 0)
            {
                yield return v;
            }
        }
    }
}

/// <summary>
/// Flattens an AngleSharp document into a <see cref="PageTree"/>, leaving out what is never
/// article text (scripts, styles, media, form controls, hidden elements) and collecting the
/// page's metadata on the way. Iterative, so nesting depth cannot overflow the stack.
/// </summary>
internal static class PageTreeBuilder
{
    public static (PageTree Tree, PageSignals Signals) Build(LightDocument document, int sourceLength, List<string> jsonLd)
    {
        var signals = new PageSignals();
        signals.JsonLd.AddRange(jsonLd);
        var tree = new PageTree(Math.Clamp(sourceLength / 40, 256, 1 << 20));
        var root = document.Root;
        if (root is null)
        {
            return (tree, signals);
        }
        signals.Language = Attr(root, "lang") ?? Attr(root, "xml:lang");
        var classCache = new Dictionary<string, ClassHint>(StringComparer.Ordinal);

        // Explicit stack of open elements: (tree index, the element, position of the next child).
        var stack = new Stack<(int Index, LightNode Node, int Next)>();
        var rootIndex = tree.Add(-1, HtmlTag.Html, root, null);
        stack.Push((rootIndex, root, 0));
        while (stack.Count > 0)
        {
            var (parentIndex, parent, next) = stack.Pop();
            if (next >= parent.ChildCount)
            {
                tree.End[parentIndex] = tree.Count;
                continue;
            }
            var node = parent.Child(next);
            stack.Push((parentIndex, parent, next + 1));
            if (node is LightText textNode)
            {
                var data = textNode.Data;
                if (data.Length > 0)
                {
                    var i = tree.Add(parentIndex, HtmlTag.Text, null, data);
                    (tree.TextLength[i], tree.Commas[i]) = Measure(data);
                }
                continue;
            }
            if (node is not LightElement element)
            {
                continue;
            }
            var tag = element.Tag;
            if (HtmlTags.Is(tag, TagTraits.Dropped))
            {
                CollectHeadSignal(element, tag, signals);
                if (tag is HtmlTag.Head)
                {
                    // The head's children are metadata only: walk them without adding nodes.
                    CollectHead(element, signals);
                }
                else if (HtmlTags.Is(tag, TagTraits.Embed))
                {
                    tree.OwnEmbeds[parentIndex]++;
                }
                else if (tag is HtmlTag.Input or HtmlTag.Select or HtmlTag.Textarea or HtmlTag.Button)
                {
                    tree.OwnInputs[parentIndex]++;
                }
                continue;
            }
            if (element.NamespaceUri == NamespaceNames.SvgUri)
            {
                continue;
            }
            var attributes = Attributes.Read(element);
            if (attributes.IsHidden)
            {
                continue;
            }
            var index = tree.Add(parentIndex, tag, element, null);
            Annotate(tree, index, tag, attributes, signals, classCache);
            stack.Push((index, element, 0));
        }
        return (tree, signals);
    }

    /// <summary>Whitespace-collapsed length and comma count of a text node.</summary>
    private static (int Length, int Commas) Measure(string text)
    {
        var length = 0;
        var commas = 0;
        var inSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inSpace = true;
                continue;
            }
            if (inSpace && length > 0)
            {
                length++;
            }
            inSpace = false;
            length++;
            if (c is ',' or '\u060C' or '\uFE50' or '\uFE10' or '\uFE11' or '\u2E41' or '\u2E34' or '\u2E32' or '\uFF0C' or '\u3001')
            {
                commas++;
            }
        }
        // A separating space at either end joins this text to its neighbours.
        if (length > 0 && inSpace)
        {
            length++;
        }
        return (length, commas);
    }

    private static void Annotate(PageTree tree, int index, HtmlTag tag, in Attributes a, PageSignals signals,
        Dictionary<string, ClassHint> classCache)
    {
        if (!string.IsNullOrEmpty(a.Class) || !string.IsNullOrEmpty(a.Id))
        {
            var key = string.IsNullOrEmpty(a.Id) ? a.Class! : string.IsNullOrEmpty(a.Class) ? a.Id : a.Class + " " + a.Id;
            if (!classCache.TryGetValue(key, out var hints))
            {
                hints = BoilerplateRules.Analyse(key.ToLowerInvariant());
                classCache[key] = hints;
            }
            tree.Hints[index] = hints;
            tree.ClassAndId[index] = key;
            if ((hints & (ClassHint.Byline | ClassHint.Bio)) == ClassHint.Byline && signals.Bylines.Count < 20 &&
                (key.Contains("byline", StringComparison.OrdinalIgnoreCase) || key.Contains("author", StringComparison.OrdinalIgnoreCase)))
            {
                signals.Bylines.Add(index);
            }
        }
        if (a.Role is { Length: > 0 } role && BoilerplateRules.IsFurnitureRole(role))
        {
            tree.Flags[index] |= NodeFlags.FurnitureRole;
        }
        switch (tag)
        {
            case HtmlTag.A:
                if (a.Href is { } href)
                {
                    tree.Flags[index] |= NodeFlags.Link;
                    if (href.StartsWith('#'))
                    {
                        tree.Flags[index] |= NodeFlags.FragmentLink;
                    }
                }
                if (a.Rel is { } rel && rel.Contains("author", StringComparison.OrdinalIgnoreCase))
                {
                    signals.AuthorLinks.Add(index);
                }
                break;
            case HtmlTag.H1:
                signals.H1.Add(index);
                break;
            case HtmlTag.Time:
                if (a.DateTime is { Length: > 0 } datetime)
                {
                    signals.Times.Add((index, datetime, a.PubDate));
                }
                break;
            case HtmlTag.Body:
                signals.Language ??= string.IsNullOrWhiteSpace(a.Lang) ? null : a.Lang.Trim();
                break;
            default:
                break;
        }
        if (a.ItemProp is { Length: > 0 } itemprop)
        {
            if (itemprop.Contains("articleBody", StringComparison.OrdinalIgnoreCase))
            {
                tree.Flags[index] |= NodeFlags.ArticleBody;
            }
            var content = a.Content ?? a.DateTime;
            foreach (var name in itemprop.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                signals.ItemProps.Add((name, index, content));
            }
        }
    }

    /// <summary>The attributes the extractor reads, gathered in one pass over an element's attribute list.</summary>
    private ref struct Attributes
    {
        public string? Class;
        public string? Id;
        public string? Role;
        public string? Href;
        public string? Rel;
        public string? DateTime;
        public bool PubDate;
        public string? ItemProp;
        public string? Content;
        public string? Lang;
        public bool IsHidden;

        public static Attributes Read(LightElement element)
        {
            var result = default(Attributes);
            string? ariaHidden = null;
            for (var k = 0; k < element.AttributeCount; k++)
            {
                var value = element.AttributeValue(k);
                switch (element.AttributeName(k))
                {
                    case "class":
                        result.Class = value;
                        break;
                    case "id":
                        result.Id = value;
                        break;
                    case "role":
                        result.Role = value;
                        break;
                    case "href":
                        result.Href = value;
                        break;
                    case "rel":
                        result.Rel = value;
                        break;
                    case "datetime" or "data-datetime":
                        result.DateTime ??= value;
                        break;
                    case "pubdate":
                        result.PubDate = true;
                        break;
                    case "itemprop":
                        result.ItemProp = value;
                        break;
                    case "content":
                        result.Content = value;
                        break;
                    case "lang":
                        result.Lang = value;
                        break;
                    case "hidden":
                        result.IsHidden = true;
                        break;
                    case "aria-hidden":
                        ariaHidden = value;
                        break;
                    case "style":
                        result.IsHidden |= value.Length > 0 && (HasStyle(value, "display", "none") || HasStyle(value, "visibility", "hidden"));
                        break;
                    default:
                        break;
                }
            }
            if (ariaHidden == "true" && !(result.Class ?? "").Contains("fallback-image", StringComparison.Ordinal))
            {
                result.IsHidden = true;
            }
            return result;
        }
    }

    private static void CollectHead(LightElement head, PageSignals signals)
    {
        // Head content is flat in practice; a depth-limited walk keeps stray markup from costing much.
        var stack = new Stack<(LightNode Node, int Depth)>();
        for (var k = head.ChildCount - 1; k >= 0; k--)
        {
            stack.Push((head.Child(k), 0));
        }
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (node is not LightElement element)
            {
                continue;
            }
            CollectHeadSignal(element, element.Tag, signals);
            if (depth < 8)
            {
                for (var k = element.ChildCount - 1; k >= 0; k--)
                {
                    stack.Push((element.Child(k), depth + 1));
                }
            }
        }
    }

    private static void CollectHeadSignal(LightElement element, HtmlTag tag, PageSignals signals)
    {
        switch (tag)
        {
            case HtmlTag.Title when signals.DocumentTitle is null:
                signals.DocumentTitle = element.TextContent;
                break;
            case HtmlTag.Meta:
                var content = element.GetAttribute("content");
                if (content is null)
                {
                    break;
                }
                foreach (var attribute in (ReadOnlySpan<string>)["property", "name", "itemprop", "http-equiv"])
                {
                    if (element.GetAttribute(attribute) is { Length: > 0 } key)
                    {
                        // property="og:title twitter:title" names several keys at once.
                        foreach (var part in key.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            signals.Meta.Add((part.ToLowerInvariant(), content.Trim()));
                        }
                    }
                }
                break;
            case HtmlTag.Link:
                if (signals.CanonicalHref is null && element.GetAttribute("rel") is { } rel &&
                    rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("canonical", StringComparer.OrdinalIgnoreCase))
                {
                    signals.CanonicalHref = element.GetAttribute("href");
                }
                break;
            case HtmlTag.Base when signals.BaseHref is null:
                signals.BaseHref = element.GetAttribute("href");
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The JSON-LD blocks of a page, read from the source text: the parser skips script text, which
    /// is often half of a news page, and JSON-LD is the only script content the extractor reads.
    /// </summary>
    public static List<string> FindJsonLd(string html)
    {
        var blocks = new List<string>();
        var at = 0;
        while ((at = html.IndexOf("ld+json", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var open = html.LastIndexOf('<', at);
            var tagEnd = html.IndexOf('>', at);
            if (open < 0 || tagEnd < 0 || html.IndexOf('>', open, at - open) >= 0 ||
                string.Compare(html, open, "<script", 0, 7, StringComparison.OrdinalIgnoreCase) != 0)
            {
                at += 7;
                continue;
            }
            var close = html.IndexOf("</script", tagEnd, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                break;
            }
            blocks.Add(html[(tagEnd + 1)..close]);
            at = close;
        }
        return blocks;
    }

    private static bool HasStyle(string style, string property, string value)
    {
        var at = style.IndexOf(property, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var rest = style.AsSpan(at + property.Length).TrimStart();
            if (rest.StartsWith(":"))
            {
                rest = rest[1..].TrimStart();
                if (rest.StartsWith(value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            at = style.IndexOf(property, at + property.Length, StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    private static string? Attr(LightElement element, string name) =>
        element.GetAttribute(name) is { Length: > 0 } value ? value.Trim() : null;
}
