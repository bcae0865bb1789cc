namespace Ingestor.Normalize.Html;

/// <summary>Rules that a retry may switch off when they removed too much.</summary>
[Flags]
internal enum FinderRules
{
    None = 0,
    /// <summary>Remove page furniture (nav, aside, footer, "sidebar", "comments", ...) before scoring.</summary>
    StripFurniture = 1,
    /// <summary>Let class and id names raise or lower scores.</summary>
    WeighClasses = 2,
    /// <summary>Remove link-heavy, image-heavy or list-heavy blocks inside the chosen content.</summary>
    CleanConditionally = 4,
    All = StripFurniture | WeighClasses | CleanConditionally,
}

/// <summary>
/// Finds the article's content in a <see cref="PageTree"/>: paragraphs vote for their ancestors
/// (by length and commas), candidates are discounted by link density, the best one grows to
/// neighbours that look like more of the same article, then the chosen subtrees are cleaned of
/// link lists, share bars, bylines and similar blocks.
/// </summary>
internal sealed class ContentFinder
{
    private const int MinParagraphLength = 25;
    private const int AncestorLevels = 5;

    private readonly PageTree _tree;
    private readonly float[] _score;
    private readonly List<int> _candidates = [];
    private readonly HashSet<string> _removedLabels;
    private FinderRules _rules;

    public ContentFinder(PageTree tree, HashSet<string> removedLabels)
    {
        _tree = tree;
        _score = new float[tree.Count];
        _removedLabels = removedLabels;
    }

    /// <summary>Roots of the article content, in document order; empty when the page has no body text.</summary>
    public List<int> Find(FinderRules rules)
    {
        _rules = rules;
        var t = _tree;
        t.ResetRemovals();
        t.ComputeStats();
        if ((rules & FinderRules.StripFurniture) != 0)
        {
            StripFurniture();
            t.ComputeStats();
        }
        ScoreParagraphs();
        var top = ChooseTop();
        if (top < 0)
        {
            return [];
        }
        var roots = MergeSiblings(top);
        foreach (var root in roots)
        {
            Clean(root);
        }
        return roots;
    }

    public float Score(int i) => float.IsNaN(_score[i]) ? 0 : _score[i];

    private void StripFurniture()
    {
        var t = _tree;
        for (var i = 0; i < t.Count;)
        {
            var tag = t.Tag[i];
            if (tag == HtmlTag.Text || t.IsRemoved(i))
            {
                i = t.End[i];
                continue;
            }
            if (IsFurniture(i, tag))
            {
                if (t.TextLength[i] > 0)
                {
                    _removedLabels.Add(Label(i));
                }
                t.Remove(i, NodeFlags.Furniture);
                i = t.End[i];
                continue;
            }
            i++;
        }
    }

    private bool IsFurniture(int i, HtmlTag tag)
    {
        var t = _tree;
        if (tag is HtmlTag.Nav or HtmlTag.Aside or HtmlTag.Footer)
        {
            return true;
        }
        if ((t.Flags[i] & NodeFlags.FurnitureRole) != 0)
        {
            return true;
        }
        var hints = t.Hints[i];
        if ((hints & ClassHint.Unlikely) == 0 || (hints & ClassHint.MaybeContent) != 0)
        {
            return false;
        }
        if (tag is HtmlTag.Html or HtmlTag.Body or HtmlTag.A or HtmlTag.Article or HtmlTag.Main)
        {
            return false;
        }
        return !t.HasAncestor(i, HtmlTag.Table) && !t.HasAncestor(i, HtmlTag.Code);
    }

    private string Label(int i)
    {
        var t = _tree;
        var role = t.Element[i]?.GetAttribute("role");
        return BoilerplateRules.Label(t.Tag[i], t.ClassAndId[i]?.ToLowerInvariant() ?? "", role, t.Hints[i]);
    }

    // ---------------------------------------------------------------- scoring

    private void ScoreParagraphs()
    {
        var t = _tree;
        Array.Fill(_score, float.NaN);
        _candidates.Clear();
        for (var i = 0; i < t.Count;)
        {
            var tag = t.Tag[i];
            if (t.IsRemoved(i) || tag == HtmlTag.Text)
            {
                i = t.End[i];
                continue;
            }
            if (IsParagraph(i))
            {
                // A paragraph votes for its ancestors; what is inside it votes for nothing more.
                Vote(t.Parent[i], t.TextLength[i], t.Commas[i]);
                if (tag is HtmlTag.P or HtmlTag.Pre || !t.HasBlock(i))
                {
                    i = t.End[i];
                    continue;
                }
            }
            if (t.HasBlock(i) && tag != HtmlTag.Table && tag != HtmlTag.Tr && HtmlTags.Is(tag, TagTraits.Container | TagTraits.Block))
            {
                VoteInlineRuns(i);
            }
            i++;
        }
        foreach (var c in _candidates)
        {
            _score[c] *= 1 - t.LinkDensity(c);
        }
    }

    /// <summary>p, pre, td and headings, and block containers holding only inline content.</summary>
    private bool IsParagraph(int i)
    {
        var t = _tree;
        var tag = t.Tag[i];
        var traits = HtmlTags.Traits(tag);
        if ((traits & TagTraits.ScoredParagraph) != 0 && tag != HtmlTag.Section)
        {
            return true;
        }
        return (traits & TagTraits.Container) != 0 && tag is not (HtmlTag.Span or HtmlTag.Font) && !t.HasBlock(i) &&
               t.TextLength[i] > 0;
    }

    /// <summary>Text directly inside a container, between its block children, counts as paragraphs of it.</summary>
    private void VoteInlineRuns(int container)
    {
        var t = _tree;
        var length = 0;
        var commas = 0;
        for (var c = container + 1; c < t.End[container]; c = t.End[c])
        {
            if (t.IsRemoved(c))
            {
                continue;
            }
            var tag = t.Tag[c];
            var isInline = tag == HtmlTag.Text || (!HtmlTags.Is(tag, TagTraits.Block) && !t.HasBlock(c));
            if (isInline)
            {
                length += t.TextLength[c];
                commas += t.Commas[c];
                continue;
            }
            Vote(container, length, commas);
            length = 0;
            commas = 0;
        }
        Vote(container, length, commas);
    }

    private void Vote(int first, int length, int commas)
    {
        if (length < MinParagraphLength || first < 0)
        {
            return;
        }
        var t = _tree;
        var points = 1f + commas + Math.Min(length / 100, 3);
        var level = 0;
        for (var a = first; a >= 0 && level < AncestorLevels; a = t.Parent[a], level++)
        {
            Initialize(a);
            var divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            _score[a] += points / divider;
        }
    }

    private void Initialize(int i)
    {
        if (!float.IsNaN(_score[i]))
        {
            return;
        }
        var t = _tree;
        var score = t.Tag[i] switch
        {
            HtmlTag.Div => 5,
            HtmlTag.Pre or HtmlTag.Td or HtmlTag.Blockquote => 3,
            HtmlTag.Address or HtmlTag.Ol or HtmlTag.Ul or HtmlTag.Dl or HtmlTag.Dd or HtmlTag.Dt or HtmlTag.Li or HtmlTag.Form => -3,
            >= HtmlTag.H1 and <= HtmlTag.H6 or HtmlTag.Th => -5,
            _ => 0,
        };
        if ((_rules & FinderRules.WeighClasses) != 0)
        {
            score += t.Weight(i);
        }
        _score[i] = score;
        _candidates.Add(i);
    }

    private int ChooseTop()
    {
        var t = _tree;
        var body = FindBody();
        if (_candidates.Count == 0)
        {
            return body;
        }
        var ranked = _candidates.OrderByDescending(c => _score[c]).Take(5).ToList();
        var top = ranked[0];
        if (t.Tag[top] is HtmlTag.Body or HtmlTag.Html)
        {
            return body;
        }

        // Several near-best candidates under one ancestor: the article is that ancestor, split up.
        var topScore = _score[top];
        var alternatives = ranked.Skip(1).Where(c => topScore > 0 && _score[c] / topScore >= 0.75f).ToList();
        if (alternatives.Count >= 3)
        {
            for (var p = t.Parent[top]; p >= 0 && t.Tag[p] is not (HtmlTag.Body or HtmlTag.Html); p = t.Parent[p])
            {
                var containing = alternatives.Count(a => t.Contains(p, a));
                if (containing >= 3)
                {
                    top = p;
                    break;
                }
            }
        }
        Initialize(top);

        // Climb while the parent scores better: the article often spans the parent of its best block.
        var lastScore = _score[top];
        var threshold = lastScore / 3;
        for (var p = t.Parent[top]; p >= 0 && t.Tag[p] is not (HtmlTag.Body or HtmlTag.Html); p = t.Parent[p])
        {
            if (float.IsNaN(_score[p]))
            {
                continue;
            }
            var parentScore = _score[p];
            if (parentScore < threshold)
            {
                break;
            }
            if (parentScore > lastScore)
            {
                top = p;
                break;
            }
            lastScore = parentScore;
        }

        // The page marks its article text with itemprop="articleBody": a marked ancestor is the article.
        for (var p = t.Parent[top]; p >= 0 && t.Tag[p] is not (HtmlTag.Body or HtmlTag.Html); p = t.Parent[p])
        {
            if ((t.Flags[p] & NodeFlags.ArticleBody) != 0 && t.LinkDensity(p) < 0.3f)
            {
                top = p;
                Initialize(top);
                break;
            }
        }

        // A lone child says nothing its parent would not: take the parent.
        for (var p = t.Parent[top]; p >= 0 && t.Tag[p] is not (HtmlTag.Body or HtmlTag.Html) && ElementChildren(p) == 1; p = t.Parent[p])
        {
            top = p;
            Initialize(top);
        }
        return top;
    }

    private int FindBody()
    {
        var t = _tree;
        for (var i = 0; i < t.Count; i = i == 0 ? 1 : t.End[i])
        {
            if (t.Tag[i] == HtmlTag.Body)
            {
                return i;
            }
        }
        return t.Count > 0 ? 0 : -1;
    }

    private int ElementChildren(int i)
    {
        var t = _tree;
        var count = 0;
        for (var c = i + 1; c < t.End[i]; c = t.End[c])
        {
            if (t.IsRemoved(c))
            {
                continue;
            }
            if (t.Tag[c] == HtmlTag.Text)
            {
                if (t.TextLength[c] > 0)
                {
                    return 2;
                }
                continue;
            }
            count++;
        }
        return count;
    }

    // ---------------------------------------------------------------- siblings

    private List<int> MergeSiblings(int top)
    {
        var t = _tree;
        var parent = t.Parent[top];
        if (parent < 0 || t.Tag[top] is HtmlTag.Body or HtmlTag.Html)
        {
            return [top];
        }
        var topScore = Score(top);
        var threshold = Math.Max(10f, topScore * 0.2f);
        var topClass = t.Element[top]?.GetAttribute("class");
        var roots = new List<int>();
        for (var s = parent + 1; s < t.End[parent]; s = t.End[s])
        {
            if (t.IsRemoved(s) || t.Tag[s] == HtmlTag.Text)
            {
                continue;
            }
            if (s == top)
            {
                roots.Add(s);
                continue;
            }
            var bonus = 0f;
            if (!string.IsNullOrEmpty(topClass) && t.Element[s]?.GetAttribute("class") == topClass)
            {
                bonus = topScore * 0.2f;
            }
            if (!float.IsNaN(_score[s]) && _score[s] + bonus >= threshold)
            {
                roots.Add(s);
                continue;
            }
            // A wrapper nested too deep to get votes of its own, around a block that scores like the article.
            if (t.LinkDensity(s) < 0.25f && t.TextLength[s] >= Math.Max(500, t.TextLength[top] * 0.3f) &&
                BestInside(s) + bonus >= threshold * 1.5f)
            {
                roots.Add(s);
                continue;
            }
            if (t.Tag[s] == HtmlTag.P || (IsParagraph(s) && !HtmlTags.IsHeading(t.Tag[s])))
            {
                var length = t.TextLength[s];
                var density = t.LinkDensity(s);
                if (length > 80 && density < 0.25f)
                {
                    roots.Add(s);
                }
                else if (length is > 0 and <= 80 && density == 0 && EndsSentence(s))
                {
                    roots.Add(s);
                }
            }
        }
        return roots;
    }

    private float BestInside(int i)
    {
        var t = _tree;
        var best = 0f;
        for (var j = i + 1; j < t.End[i]; j++)
        {
            if (!float.IsNaN(_score[j]) && _score[j] > best && !t.IsRemoved(j))
            {
                best = _score[j];
            }
        }
        return best;
    }

    private bool EndsSentence(int i)
    {
        var text = _tree.TextOf(i);
        return text.EndsWith('.') || text.Contains(". ", StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- cleaning

    private void Clean(int root)
    {
        var t = _tree;
        var end = t.End[root];
        // Descendants come after their ancestors, so a backward pass judges inner blocks first and an
        // outer block is judged on what is left of it.
        for (var i = end - 1; i > root; i--)
        {
            var tag = t.Tag[i];
            if (tag == HtmlTag.Text || t.IsRemoved(i))
            {
                continue;
            }
            if (RemovalReason(i, tag) is { } reason)
            {
                if (t.TextLength[i] > 0)
                {
                    _removedLabels.Add(reason.Length > 0 ? reason : Label(i));
                }
                t.RemoveAndSubtract(i, root);
            }
        }
    }

    /// <summary>Why a block inside the article is boilerplate ("" for the label its class and tag give), or null to keep it.</summary>
    private string? RemovalReason(int i, HtmlTag tag)
    {
        var t = _tree;
        var hints = t.Hints[i];
        if (!HtmlTags.Is(tag, TagTraits.Block) && !t.HasBlock(i))
        {
            // Inline elements are part of their sentence, whatever their class says ("meta-loc" links).
            return null;
        }
        if (tag is HtmlTag.Nav or HtmlTag.Aside or HtmlTag.Footer or HtmlTag.Fieldset)
        {
            return "";
        }
        if ((hints & ClassHint.Share) != 0 && t.TextLength[i] < 500 && t.Paragraphs[i] == 0)
        {
            return "share";
        }
        if ((hints & ClassHint.Byline) != 0 && (hints & ClassHint.MaybeContent) == 0 && t.TextLength[i] < 200 &&
            t.Paragraphs[i] == 0 && !HtmlTags.IsHeading(tag))
        {
            return "byline";
        }
        if ((hints & ClassHint.Bio) != 0 && t.TextLength[i] < 800 && t.Paragraphs[i] <= 2)
        {
            return "author-bio";
        }
        if ((_rules & FinderRules.WeighClasses) != 0 && tag is HtmlTag.H1 or HtmlTag.H2 && t.Weight(i) < 0)
        {
            return "";
        }
        if ((_rules & FinderRules.CleanConditionally) == 0)
        {
            return null;
        }
        return tag switch
        {
            HtmlTag.Form or HtmlTag.Table or HtmlTag.Ul or HtmlTag.Div => BoilerplateBlockReason(i, tag),
            _ => null,
        };
    }

    /// <summary>
    /// Readability's conditional cleaning: a list, table, form or div inside the article is dropped
    /// when its class says so, or when it is mostly links, images, form fields or embeds and little prose.
    /// </summary>
    private string? BoilerplateBlockReason(int i, HtmlTag tag)
    {
        var t = _tree;
        if (tag == HtmlTag.Table && IsDataTable(i))
        {
            return null;
        }
        if (tag != HtmlTag.Table && HasAncestorDataTable(i))
        {
            return null;
        }
        var weight = (_rules & FinderRules.WeighClasses) != 0 ? t.Weight(i) : 0;
        if (weight < 0)
        {
            return "";
        }
        if (t.Commas[i] >= 10)
        {
            return null;
        }
        var textLength = t.TextLength[i];
        var isList = tag is HtmlTag.Ul or HtmlTag.Ol or HtmlTag.Dl ||
                     (textLength > 0 && ListTextLength(i) > 0.9f * textLength);
        var paragraphs = t.Paragraphs[i];
        var images = t.Images[i];
        var listItems = t.ListItems[i] - 100;
        var headingDensity = textLength == 0 ? 0 : (float)t.HeadingLength[i] / textLength;
        var linkDensity = t.LinkDensity(i);
        var inFigure = tag == HtmlTag.Figure || t.HasAncestor(i, HtmlTag.Figure, 3);

        if (images > 1 && (float)paragraphs / images < 0.5f && !inFigure)
        {
            return "gallery";
        }
        if (!isList && listItems > paragraphs)
        {
            return "link-list";
        }
        if (t.Inputs[i] > paragraphs / 3)
        {
            return "form";
        }
        if (!isList && headingDensity < 0.9f && textLength < 25 && (images == 0 || images > 2) && !inFigure)
        {
            return "fragment";
        }
        if ((!isList && weight < 25 && linkDensity > 0.2f) || (weight >= 25 && linkDensity > 0.5f) ||
            (isList && linkDensity > 0.5f && t.Commas[i] < 2))
        {
            return "link-list";
        }
        if ((t.Embeds[i] == 1 && textLength < 75) || t.Embeds[i] > 1)
        {
            return "embed";
        }
        return null;
    }

    private float ListTextLength(int i)
    {
        var t = _tree;
        var length = 0;
        for (var j = i + 1; j < t.End[i];)
        {
            if (t.IsRemoved(j))
            {
                j = t.End[j];
                continue;
            }
            if (t.Tag[j] == HtmlTag.Li)
            {
                length += t.TextLength[j];
                j = t.End[j];
                continue;
            }
            j++;
        }
        return length;
    }

    private bool HasAncestorDataTable(int i)
    {
        var t = _tree;
        for (var p = t.Parent[i]; p >= 0; p = t.Parent[p])
        {
            if (t.Tag[p] == HtmlTag.Table)
            {
                return IsDataTable(p);
            }
        }
        return false;
    }

    /// <summary>A table of data (caption, header cells, several rows and columns), not one used for layout.</summary>
    private bool IsDataTable(int table)
    {
        var t = _tree;
        var element = t.Element[table];
        if (element?.GetAttribute("role") == "presentation" || element?.GetAttribute("datatable") == "0")
        {
            return false;
        }
        if (element?.GetAttribute("summary") is { Length: > 0 })
        {
            return true;
        }
        var rows = 0;
        var maxColumns = 0;
        var columns = 0;
        for (var j = table + 1; j < t.End[table]; j++)
        {
            switch (t.Tag[j])
            {
                case HtmlTag.Table:
                    // A nested table makes this one a layout table.
                    return false;
                case HtmlTag.Caption or HtmlTag.Th or HtmlTag.Thead or HtmlTag.Tfoot:
                    return true;
                case HtmlTag.Tr:
                    rows++;
                    maxColumns = Math.Max(maxColumns, columns);
                    columns = 0;
                    break;
                case HtmlTag.Td:
                    columns++;
                    break;
                default:
                    break;
            }
        }
        maxColumns = Math.Max(maxColumns, columns);
        if (rows >= 10 || maxColumns > 4)
        {
            return true;
        }
        return rows * maxColumns > 10;
    }
}
