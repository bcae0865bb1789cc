namespace Ingestor.Collect.Feeds;

/// <summary>A node of the small tree <see cref="FeedXmlParser"/> builds: text or element.</summary>
internal abstract class FeedXmlNode;

internal sealed class FeedXmlText(string text) : FeedXmlNode
{
    public string Text { get; } = text;
}

internal readonly record struct FeedXmlAttribute(string QualifiedName, string LocalName, string NamespaceUri, string Value);

/// <summary>
/// An element with its namespace resolved and its effective xml:base and xml:lang already computed, so the
/// format readers never need to walk back up the tree.
/// </summary>
internal sealed class FeedXmlElement : FeedXmlNode
{
    private static readonly List<FeedXmlNode> NoChildren = [];
    private static readonly List<FeedXmlAttribute> NoAttributes = [];

    public required string QualifiedName { get; init; }
    public required string LocalName { get; init; }
    /// <summary>The local name lower-cased: element names are matched case-insensitively (CDF is upper case, some feeds shout).</summary>
    public required string Key { get; init; }
    public required string NamespaceUri { get; init; }
    public required FeedNs Ns { get; init; }
    public FeedXmlElement? Parent { get; init; }
    public string? Base { get; init; }
    public string? Language { get; init; }

    public List<FeedXmlAttribute> Attributes { get; private set; } = NoAttributes;
    public List<FeedXmlNode> Children { get; private set; } = NoChildren;

    public void SetAttributes(List<FeedXmlAttribute> attributes) => Attributes = attributes;

    public void Add(FeedXmlNode node)
    {
        if (ReferenceEquals(Children, NoChildren))
        {
            Children = [];
        }
        Children.Add(node);
    }

    public bool HasElementChildren
    {
        get
        {
            foreach (var child in Children)
            {
                if (child is FeedXmlElement)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public IEnumerable<FeedXmlElement> Elements()
    {
        foreach (var child in Children)
        {
            if (child is FeedXmlElement e)
            {
                yield return e;
            }
        }
    }

    /// <summary>An attribute by local name (case-insensitive), in no namespace or any namespace.</summary>
    public string? Attr(string localName)
    {
        foreach (var a in Attributes)
        {
            if (string.Equals(a.LocalName, localName, StringComparison.OrdinalIgnoreCase))
            {
                return a.Value;
            }
        }
        return null;
    }

    /// <summary>All text below this element, in document order.</summary>
    public string Text()
    {
        if (Children.Count == 1 && Children[0] is FeedXmlText only)
        {
            return only.Text;
        }
        if (Children.Count == 0)
        {
            return "";
        }
        var sb = new System.Text.StringBuilder();
        AppendText(sb);
        return sb.ToString();
    }

    private void AppendText(System.Text.StringBuilder sb)
    {
        foreach (var child in Children)
        {
            if (child is FeedXmlText t)
            {
                sb.Append(t.Text);
            }
            else if (child is FeedXmlElement e)
            {
                e.AppendText(sb);
            }
        }
    }
}
