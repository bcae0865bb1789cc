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
    public static (PageTree Tree, PageSignals Signals) Build(IDocument document, int sourceLength)
    {
        var signals = new PageSignals();
        var tree = new PageTree(Math.Clamp(sourceLength / 40, 256, 1 << 20));
        var root = document.DocumentElement;
        if (root is null)
        {
            return (tree, signals);
        }
        signals.Language = Attr(root, "lang") ?? Attr(root, "xml:lang");
        var classCache = new Dictionary<string, ClassHint>(StringComparer.Ordinal);

        // Explicit stack of open elements: (tree index, AngleSharp node whose children come next).
        var stack = new Stack<(int Index, INode? Next)>();
        var rootIndex = tree.Add(-1, HtmlTag.Html, root, null);
        stack.Push((rootIndex, root.FirstChild));
        while (stack.Count > 0)
        {
            var (parentIndex, node) = stack.Pop();
            if (node is null)
            {
                tree.End[parentIndex] = tree.Count;
                continue;
            }
            stack.Push((parentIndex, node.NextSibling));
            if (node is IText textNode)
            {
                var data = textNode.Data;
                if (data.Length > 0)
                {
                    var i = tree.Add(parentIndex, HtmlTag.Text, null, data);
                    (tree.TextLength[i], tree.Commas[i]) = Measure(data);
                }
                continue;
            }
            if (node is not IElement element)
            {
                continue;
            }
            var tag = HtmlTags.Parse(element.LocalName);
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
            if (IsHidden(element))
            {
                continue;
            }
            var index = tree.Add(parentIndex, tag, element, null);
            Annotate(tree, index, element, tag, signals, classCache);
            stack.Push((index, element.FirstChild));
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

    private static void Annotate(PageTree tree, int index, IElement element, HtmlTag tag, PageSignals signals,
        Dictionary<string, ClassHint> classCache)
    {
        var className = element.GetAttribute("class");
        var id = element.GetAttribute("id");
        if (!string.IsNullOrEmpty(className) || !string.IsNullOrEmpty(id))
        {
            var key = string.IsNullOrEmpty(id) ? className! : string.IsNullOrEmpty(className) ? id : className + " " + id;
            if (!classCache.TryGetValue(key, out var hints))
            {
                hints = BoilerplateRules.Analyse(key.ToLowerInvariant());
                classCache[key] = hints;
            }
            tree.Hints[index] = hints;
            tree.ClassAndId[index] = key;
        }
        switch (tag)
        {
            case HtmlTag.A:
                if (element.GetAttribute("href") is { } href)
                {
                    tree.Flags[index] |= NodeFlags.Link;
                    if (href.StartsWith('#'))
                    {
                        tree.Flags[index] |= NodeFlags.FragmentLink;
                    }
                }
                if (element.GetAttribute("rel") is { } rel && rel.Contains("author", StringComparison.OrdinalIgnoreCase))
                {
                    signals.AuthorLinks.Add(index);
                }
                break;
            case HtmlTag.H1:
                signals.H1.Add(index);
                break;
            case HtmlTag.Time:
                if ((element.GetAttribute("datetime") ?? element.GetAttribute("data-datetime")) is { Length: > 0 } datetime)
                {
                    signals.Times.Add((index, datetime, element.HasAttribute("pubdate")));
                }
                break;
            case HtmlTag.Body:
                signals.Language ??= Attr(element, "lang");
                break;
            default:
                break;
        }
        if (element.GetAttribute("itemprop") is { Length: > 0 } itemprop)
        {
            var content = element.GetAttribute("content") ?? element.GetAttribute("datetime");
            foreach (var name in itemprop.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                signals.ItemProps.Add((name, index, content));
            }
        }
    }

    private static void CollectHead(IElement head, PageSignals signals)
    {
        // Head content is flat in practice; a depth-limited walk keeps stray markup from costing much.
        var stack = new Stack<(INode Node, int Depth)>();
        for (var child = head.LastChild; child is not null; child = child.PreviousSibling)
        {
            stack.Push((child, 0));
        }
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (node is not IElement element)
            {
                continue;
            }
            CollectHeadSignal(element, HtmlTags.Parse(element.LocalName), signals);
            if (depth < 8)
            {
                for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
                {
                    stack.Push((child, depth + 1));
                }
            }
        }
    }

    private static void CollectHeadSignal(IElement element, HtmlTag tag, PageSignals signals)
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
            case HtmlTag.Script:
                if (element.GetAttribute("type") is { } type && type.Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                {
                    signals.JsonLd.Add(element.TextContent);
                }
                break;
            default:
                break;
        }
    }

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden"))
        {
            return true;
        }
        if (element.GetAttribute("aria-hidden") is "true" &&
            !(element.GetAttribute("class") ?? "").Contains("fallback-image", StringComparison.Ordinal))
        {
            return true;
        }
        if (element.GetAttribute("style") is { Length: > 0 } style)
        {
            return HasStyle(style, "display", "none") || HasStyle(style, "visibility", "hidden");
        }
        return false;
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

    private static string? Attr(IElement element, string name) =>
        element.GetAttribute(name) is { Length: > 0 } value ? value.Trim() : null;
}
