namespace Ingestor.Normalize.Html;

[Flags]
internal enum NodeFlags : byte
{
    None = 0,
    /// <summary>Removed by a cleaning rule (the whole subtree is skipped).</summary>
    Removed = 1,
    /// <summary>Some descendant is a block element (so the node is a container, not a paragraph).</summary>
    HasBlock = 2,
    /// <summary>An anchor with an href.</summary>
    Link = 4,
    /// <summary>An anchor whose href is an in-page fragment (#...): counts less as a link.</summary>
    FragmentLink = 8,
    /// <summary>Removed before scoring as page furniture; reset on a retry without that rule.</summary>
    Furniture = 16,
    /// <summary>An ARIA role of page furniture (navigation, complementary, banner, ...).</summary>
    FurnitureRole = 32,
    /// <summary>Microdata itemprop="articleBody": the page marks this element as the article's text.</summary>
    ArticleBody = 64,
}

/// <summary>
/// The visible part of a page as a flat array in document order: every node knows its parent and
/// where its subtree ends, so all passes are loops over indexes (no recursion, no repeated DOM
/// queries) and a removed subtree is skipped by jumping to its end.
/// </summary>
internal sealed class PageTree
{
    public int Count;
    public int[] Parent;
    /// <summary>Exclusive end of the node's subtree: its descendants are the indexes (i, End).</summary>
    public int[] End;
    public HtmlTag[] Tag;
    public NodeFlags[] Flags;
    public ClassHint[] Hints;
    public LightElement?[] Element;
    /// <summary>Text of text nodes.</summary>
    public string?[] Text;
    /// <summary>Lower-cased "class id" of elements that have either.</summary>
    public string?[] ClassAndId;

    // Subtree statistics (see ComputeStats), over nodes not removed.
    public int[] TextLength;
    public float[] LinkLength;
    public int[] Commas;
    public int[] Paragraphs;
    public int[] Images;
    public int[] ListItems;
    public int[] HeadingLength;
    /// <summary>Embedded players and frames dropped while building, counted on their parent (Own) and subtree.</summary>
    public int[] OwnEmbeds;
    public int[] Embeds;
    /// <summary>Form controls dropped while building, counted on their parent (Own) and subtree.</summary>
    public int[] OwnInputs;
    public int[] Inputs;

    public PageTree(int capacity)
    {
        capacity = Math.Max(capacity, 16);
        Parent = new int[capacity];
        End = new int[capacity];
        Tag = new HtmlTag[capacity];
        Flags = new NodeFlags[capacity];
        Hints = new ClassHint[capacity];
        Element = new LightElement?[capacity];
        Text = new string?[capacity];
        ClassAndId = new string?[capacity];
        TextLength = new int[capacity];
        LinkLength = new float[capacity];
        Commas = new int[capacity];
        Paragraphs = new int[capacity];
        Images = new int[capacity];
        ListItems = new int[capacity];
        HeadingLength = new int[capacity];
        OwnEmbeds = new int[capacity];
        Embeds = new int[capacity];
        OwnInputs = new int[capacity];
        Inputs = new int[capacity];
    }

    public bool IsText(int i) => Tag[i] == HtmlTag.Text;

    public bool IsRemoved(int i) => (Flags[i] & NodeFlags.Removed) != 0;

    public bool HasBlock(int i) => (Flags[i] & NodeFlags.HasBlock) != 0;

    public int Weight(int i) => BoilerplateRules.Weight(Hints[i]);

    public float LinkDensity(int i) => TextLength[i] == 0 ? 0 : LinkLength[i] / TextLength[i];

    public int Add(int parent, HtmlTag tag, LightElement? element, string? text)
    {
        if (Count == Parent.Length)
        {
            Grow();
        }
        var i = Count++;
        Parent[i] = parent;
        End[i] = i + 1;
        Tag[i] = tag;
        Element[i] = element;
        Text[i] = text;
        return i;
    }

    /// <summary>Marks every node of a subtree removed.</summary>
    public void Remove(int i, NodeFlags reason = NodeFlags.None)
    {
        for (var j = i; j < End[i]; j++)
        {
            Flags[j] |= NodeFlags.Removed | reason;
        }
    }

    /// <summary>Clears removal marks left by earlier passes except those of <paramref name="keep"/>.</summary>
    public void ResetRemovals()
    {
        for (var i = 0; i < Count; i++)
        {
            Flags[i] &= ~(NodeFlags.Removed | NodeFlags.Furniture);
        }
    }

    /// <summary>True when <paramref name="ancestor"/> contains <paramref name="node"/> (or is it).</summary>
    public bool Contains(int ancestor, int node) => node >= ancestor && node < End[ancestor];

    public bool HasAncestor(int i, HtmlTag tag, int maxLevels = int.MaxValue)
    {
        for (var p = Parent[i]; p >= 0 && maxLevels-- > 0; p = Parent[p])
        {
            if (Tag[p] == tag)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Recomputes the subtree statistics over the nodes that are not removed, in one backward pass
    /// (a node's descendants all come after it, so they are complete when it is reached).
    /// </summary>
    public void ComputeStats(int from = 0, int to = -1)
    {
        if (to < 0)
        {
            to = Count;
        }
        for (var i = from; i < to; i++)
        {
            Flags[i] &= ~NodeFlags.HasBlock;
            if (Tag[i] != HtmlTag.Text)
            {
                TextLength[i] = 0;
                Commas[i] = 0;
            }
            LinkLength[i] = 0;
            Paragraphs[i] = 0;
            Images[i] = 0;
            ListItems[i] = 0;
            HeadingLength[i] = 0;
            Embeds[i] = OwnEmbeds[i];
            Inputs[i] = OwnInputs[i];
        }
        for (var i = to - 1; i >= from; i--)
        {
            if (IsRemoved(i))
            {
                continue;
            }
            var tag = Tag[i];
            if (tag == HtmlTag.Text)
            {
                // TextLength and Commas of text nodes are set once when the tree is built.
            }
            else
            {
                if ((Flags[i] & NodeFlags.Link) != 0)
                {
                    LinkLength[i] = TextLength[i] * ((Flags[i] & NodeFlags.FragmentLink) != 0 ? 0.3f : 1f);
                }
                switch (tag)
                {
                    case HtmlTag.P:
                        Paragraphs[i]++;
                        break;
                    case HtmlTag.Img:
                    case HtmlTag.Picture when Images[i] == 0:
                        Images[i]++;
                        break;
                    case HtmlTag.Li:
                        ListItems[i]++;
                        break;
                    case >= HtmlTag.H1 and <= HtmlTag.H6:
                        HeadingLength[i] = TextLength[i];
                        break;
                    default:
                        break;
                }
            }
            var parent = Parent[i];
            if (parent < from)
            {
                continue;
            }
            TextLength[parent] += TextLength[i];
            LinkLength[parent] += LinkLength[i];
            Commas[parent] += Commas[i];
            Paragraphs[parent] += Paragraphs[i];
            Images[parent] += Images[i];
            ListItems[parent] += ListItems[i];
            HeadingLength[parent] += HeadingLength[i];
            Embeds[parent] += Embeds[i];
            Inputs[parent] += Inputs[i];
            if (tag != HtmlTag.Text && (HtmlTags.Is(tag, TagTraits.Block) || HasBlock(i)))
            {
                Flags[parent] |= NodeFlags.HasBlock;
            }
        }
    }

    /// <summary>Removes a subtree and takes its statistics out of its ancestors up to <paramref name="top"/>.</summary>
    public void RemoveAndSubtract(int i, int top, NodeFlags reason = NodeFlags.None)
    {
        for (var p = Parent[i]; p >= 0 && p >= top; p = Parent[p])
        {
            TextLength[p] -= TextLength[i];
            LinkLength[p] -= LinkLength[i];
            Commas[p] -= Commas[i];
            Paragraphs[p] -= Paragraphs[i];
            Images[p] -= Images[i];
            ListItems[p] -= ListItems[i];
            HeadingLength[p] -= HeadingLength[i];
            Embeds[p] -= Embeds[i];
            Inputs[p] -= Inputs[i];
        }
        Remove(i, reason);
    }

    /// <summary>The text of a subtree without removed parts, whitespace collapsed, at most <paramref name="max"/> characters.</summary>
    public string TextOf(int i, int max = int.MaxValue)
    {
        var sb = new System.Text.StringBuilder();
        for (var j = i; j < End[i] && sb.Length < max;)
        {
            if (IsRemoved(j))
            {
                j = End[j];
                continue;
            }
            if (Tag[j] == HtmlTag.Text)
            {
                sb.Append(Text[j]);
            }
            else if (Tag[j] == HtmlTag.Br || (HtmlTags.Is(Tag[j], TagTraits.Block) && sb.Length > 0))
            {
                sb.Append(' ');
            }
            j++;
        }
        return TextCleaner.CleanInline(sb.ToString());
    }

    private void Grow()
    {
        var size = Parent.Length * 2;
        Array.Resize(ref Parent, size);
        Array.Resize(ref End, size);
        Array.Resize(ref Tag, size);
        Array.Resize(ref Flags, size);
        Array.Resize(ref Hints, size);
        Array.Resize(ref Element, size);
        Array.Resize(ref Text, size);
        Array.Resize(ref ClassAndId, size);
        Array.Resize(ref TextLength, size);
        Array.Resize(ref LinkLength, size);
        Array.Resize(ref Commas, size);
        Array.Resize(ref Paragraphs, size);
        Array.Resize(ref Images, size);
        Array.Resize(ref ListItems, size);
        Array.Resize(ref HeadingLength, size);
        Array.Resize(ref OwnEmbeds, size);
        Array.Resize(ref Embeds, size);
        Array.Resize(ref OwnInputs, size);
        Array.Resize(ref Inputs, size);
    }
}
