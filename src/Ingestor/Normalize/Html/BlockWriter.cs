using System.Text;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Writes the chosen subtrees as text blocks in reading order: each paragraph, list item, quote
/// paragraph, table row and caption is a paragraph; h1-h6 are headings; two or more line breaks
/// in a row split a paragraph.
/// </summary>
internal sealed class BlockWriter
{
    // Link text is bracketed by these control characters in the line buffer; TextCleaner drops them.
    private const char LinkStart = '\u0001';
    private const char LinkEnd = '\u0002';
    // A <br> in the line buffer (source newlines are only whitespace).
    private const char LineBreak = '\u0003';

    private readonly PageTree _tree;
    private readonly List<WrittenBlock> _blocks = [];
    private int _linkEnd = -1;
    private int _captionEnd = -1;
    private bool _lineIsCaption;
    private readonly StringBuilder _line = new();
    private readonly Stack<(int End, HtmlTag Tag)> _open = new();

    public BlockWriter(PageTree tree)
    {
        _tree = tree;
    }

    public List<WrittenBlock> Write(IEnumerable<int> roots)
    {
        foreach (var root in roots)
        {
            WriteSubtree(root);
        }
        return _blocks;
    }

    private void WriteSubtree(int root)
    {
        var t = _tree;
        var end = t.End[root];
        for (var i = root; i < end;)
        {
            while (_open.Count > 0 && _open.Peek().End <= i)
            {
                Close(_open.Pop().Tag);
            }
            if (t.IsRemoved(i))
            {
                i = t.End[i];
                continue;
            }
            var tag = t.Tag[i];
            switch (tag)
            {
                case HtmlTag.Text:
                    if (i < _linkEnd)
                    {
                        _line.Append(LinkStart).Append(t.Text[i]).Append(LinkEnd);
                    }
                    else
                    {
                        _line.Append(t.Text[i]);
                    }
                    _lineIsCaption |= i < _captionEnd && t.TextLength[i] > 0;
                    i++;
                    continue;
                case HtmlTag.A when (t.Flags[i] & NodeFlags.Link) != 0 && i >= _linkEnd:
                    _linkEnd = t.End[i];
                    i++;
                    continue;
                case HtmlTag.Br:
                    _line.Append(LineBreak);
                    i++;
                    continue;
                case HtmlTag.Hr:
                    Flush();
                    i++;
                    continue;
                case >= HtmlTag.H1 and <= HtmlTag.H6 when !t.HasBlock(i):
                    Flush();
                    var heading = TitleRules.TrimPermalinkMarks(TextCleaner.CleanInline(Collect(i)));
                    AddBlock(ReadsAsParagraph(heading) ? BlockKind.Paragraph : BlockKind.Heading, heading);
                    i = t.End[i];
                    continue;
                case HtmlTag.Td or HtmlTag.Th when !t.HasBlock(i):
                    // Cells of a row read as one line.
                    _line.Append(' ');
                    _open.Push((t.End[i], HtmlTag.Span));
                    i++;
                    continue;
                default:
                    break;
            }
            var startsCaption = i >= _captionEnd && (tag is HtmlTag.Figcaption or HtmlTag.Figure ||
                                                     ((t.Hints[i] & ClassHint.Caption) != 0 && t.TextLength[i] < 400));
            // A caption is a line of its own even when marked up inline, so the text around it stays body text.
            if (HtmlTags.Is(tag, TagTraits.Block) || t.HasBlock(i) || startsCaption)
            {
                Flush();
                _open.Push((t.End[i], HtmlTag.Div));
            }
            if (startsCaption)
            {
                _captionEnd = t.End[i];
            }
            i++;
        }
        while (_open.Count > 0)
        {
            Close(_open.Pop().Tag);
        }
        Flush();
    }

    private void Close(HtmlTag tag)
    {
        if (tag == HtmlTag.Span)
        {
            _line.Append(' ');
            return;
        }
        Flush();
    }

    /// <summary>The text of a subtree as one line.</summary>
    private string Collect(int i)
    {
        var t = _tree;
        var sb = new StringBuilder();
        for (var j = i; j < t.End[i];)
        {
            if (t.IsRemoved(j))
            {
                j = t.End[j];
                continue;
            }
            if (t.Tag[j] == HtmlTag.Text)
            {
                sb.Append(t.Text[j]);
            }
            else if (t.Tag[j] == HtmlTag.Br)
            {
                sb.Append(' ');
            }
            j++;
        }
        return sb.ToString();
    }

    /// <summary>Standfirsts and leads are often marked up as headings; a heading that reads like prose is a paragraph.</summary>
    private static bool ReadsAsParagraph(string heading)
    {
        var text = heading.AsSpan().Trim();
        if (text.Length > 150)
        {
            return true;
        }
        var words = 1;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                words++;
            }
        }
        return words >= 12 && text.Length > 0 && text[^1] is '.' or '!' or '?' or '"' or '\u201D' or '…';
    }

    private void Flush()
    {
        if (_line.Length == 0)
        {
            _lineIsCaption = false;
            return;
        }
        var text = _line.ToString();
        _line.Clear();
        var start = 0;
        // Two line breaks with nothing but spaces between them end a paragraph.
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != LineBreak)
            {
                continue;
            }
            var j = i + 1;
            while (j < text.Length && text[j] != LineBreak && char.IsWhiteSpace(text[j]))
            {
                j++;
            }
            if (j < text.Length && text[j] == LineBreak)
            {
                AddBlock(BlockKind.Paragraph, text[start..i]);
                while (j < text.Length && (text[j] == LineBreak || char.IsWhiteSpace(text[j])))
                {
                    j++;
                }
                start = j;
                i = j - 1;
            }
        }
        AddBlock(BlockKind.Paragraph, text[start..]);
        _lineIsCaption = false;
    }

    private void AddBlock(BlockKind kind, string text)
    {
        var linkChars = 0;
        var letters = 0;
        var inLink = false;
        foreach (var c in text)
        {
            if (c == LinkStart)
            {
                inLink = true;
            }
            else if (c == LinkEnd)
            {
                inLink = false;
            }
            else if (!char.IsWhiteSpace(c) && c != LineBreak)
            {
                letters++;
                if (inLink)
                {
                    linkChars++;
                }
            }
        }
        if (letters == 0)
        {
            return;
        }
        var clean = TextCleaner.CleanInline(text.Replace(LineBreak, ' '));
        if (clean.Length > 0)
        {
            _blocks.Add(new WrittenBlock(kind, clean, Math.Min(1f, (float)linkChars / letters), _lineIsCaption));
        }
    }
}

/// <summary>A block as written, with what the filters after extraction need to know about it.</summary>
/// <param name="LinkDensity">Share of its (non-space) characters inside links.</param>
/// <param name="IsCaption">Written from a figure caption or credit.</param>
internal readonly record struct WrittenBlock(BlockKind Kind, string Text, float LinkDensity, bool IsCaption);
