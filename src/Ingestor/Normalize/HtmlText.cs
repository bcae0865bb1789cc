using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Ingestor.Normalize;

/// <summary>Visible text of an HTML fragment with block elements turned into line breaks.</summary>
public static class HtmlText
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
        "header", "footer", "ul", "ol", "pre", "figure", "figcaption", "table", "hr", "dd", "dt",
    };

    private static readonly HashSet<string> HiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "iframe", "svg", "object",
    };

    public static string ToPlainText(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var document = parser.ParseDocument(html);
        var sb = new StringBuilder(html.Length / 2);
        // Iterative walk: article bodies from the wild can be nested deeper than the stack allows.
        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((document.Body ?? (INode)document.DocumentElement, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (node is IElement element)
            {
                if (HiddenElements.Contains(element.LocalName))
                {
                    continue;
                }
                var isBlock = BlockElements.Contains(element.LocalName);
                if (exit)
                {
                    if (isBlock)
                    {
                        sb.Append('\n');
                    }
                    continue;
                }
                if (isBlock)
                {
                    sb.Append('\n');
                }
                stack.Push((node, true));
            }
            else if (node.NodeType == NodeType.Text)
            {
                // Source line breaks inside a text node are formatting, not paragraph breaks.
                foreach (var c in node.TextContent)
                {
                    sb.Append(c is '\n' or '\r' or '\t' ? ' ' : c);
                }
                continue;
            }
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push((child, false));
            }
        }
        return sb.ToString();
    }
}
