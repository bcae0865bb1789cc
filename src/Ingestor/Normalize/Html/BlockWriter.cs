using System.Text;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Writes the chosen subtrees as text blocks in reading order: each paragraph, list item, quote
/// paragraph, table row and caption is a paragraph; h1-h6 are headings; two or more line breaks
/// in a row split a paragraph.
/// </summary>
internal sealed class BlockWriter
{
    private readonly PageTree _tree;
    private readonly List<TextBlock> _blocks = [];
    private readonly StringBuilder _line = new();
    private readonly Stack<(int End, HtmlTag Tag)> _open = new();

    public BlockWriter(PageTree tree)
    {
        _tree = tree;
    }

    public List<TextBlock> Write(IEnumerable<int> roots)
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
                    _line.Append(t.Text[i]);
                    i++;
                    continue;
                case HtmlTag.Br:
                    _line.Append('\n');
                    i++;
                    continue;
                case HtmlTag.Hr:
                    Flush();
                    i++;
                    continue;
                case >= HtmlTag.H1 and <= HtmlTag.H6 when !t.HasBlock(i):
                    Flush();
                    AddBlock(BlockKind.Heading, Collect(i));
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
            if (HtmlTags.Is(tag, TagTraits.Block) || t.HasBlock(i))
            {
                Flush();
                _open.Push((t.End[i], tag));
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

    private void Flush()
    {
        if (_line.Length == 0)
        {
            return;
        }
        var text = _line.ToString();
        _line.Clear();
        var start = 0;
        // Two line breaks with nothing but spaces between them end a paragraph.
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n')
            {
                continue;
            }
            var j = i + 1;
            while (j < text.Length && text[j] != '\n' && char.IsWhiteSpace(text[j]))
            {
                j++;
            }
            if (j < text.Length && text[j] == '\n')
            {
                AddBlock(BlockKind.Paragraph, text[start..i]);
                while (j < text.Length && char.IsWhiteSpace(text[j]))
                {
                    j++;
                }
                start = j;
                i = j - 1;
            }
        }
        AddBlock(BlockKind.Paragraph, text[start..]);
    }

    private void AddBlock(BlockKind kind, string text)
    {
        var clean = TextCleaner.CleanInline(text);
        if (clean.Length > 0)
        {
            _blocks.Add(new TextBlock(kind, clean));
        }
    }
}
