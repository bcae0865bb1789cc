using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ingestor.Collect.Feeds;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Makes untrusted HTML (feed summaries and content, extracted article bodies) safe to show: the fragment is
/// parsed the way a browser parses it (AngleSharp, HTML5 rules), then written back keeping only allow-listed
/// elements and attributes (<see cref="HtmlAllowList"/>). Scripts, styles, event handlers, frames, plugins
/// and javascript:/data: URLs never survive; disallowed wrappers are removed but their text is kept, so the
/// structure and words of the article remain. Relative URLs are resolved against the given base.
/// Thread-safe.
/// </summary>
public static partial class HtmlSanitizer
{
    private const string HtmlNs = "http://www.w3.org/1999/xhtml";
    private const string SvgNs = "http://www.w3.org/2000/svg";
    private const string MathNs = "http://www.w3.org/1998/Math/MathML";
    private const string XLinkNs = "http://www.w3.org/1999/xlink";
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";
    private const int MaxDepth = 100;

    [ThreadStatic]
    private static HtmlParser? t_parser;

    [ThreadStatic]
    private static Contexts? t_contexts;

    /// <summary>Sanitized HTML for <paramref name="html"/>; relative URLs resolved against <paramref name="baseUrl"/> when given.</summary>
    public static string Sanitize(string html, string? baseUrl = null)
    {
        if (!NeedsParsing(html))
        {
            return EscapeText(html.Trim(AsciiWhitespaceChars));
        }
        var sb = new StringBuilder(html.Length);
        // The parser adds the tbody that tables imply; written back only when the author wrote one (browsers imply it again).
        var keepImpliedTbody = html.Contains("<tbody", StringComparison.OrdinalIgnoreCase);
        foreach (var node in ParseFragment(html))
        {
            Write(node, sb, baseUrl, keepImpliedTbody);
        }
        return sb.ToString().Trim(AsciiWhitespaceChars);
    }

    /// <summary>The visible text of an HTML fragment, whitespace collapsed (for titles and other plain-text fields).</summary>
    public static string ToPlainText(string html)
    {
        if (!NeedsParsing(html))
        {
            return CollapseWhitespace(html);
        }
        var sb = new StringBuilder(html.Length);
        foreach (var node in ParseFragment(html))
        {
            AppendText(node, sb);
        }
        return CollapseWhitespace(sb.ToString());
    }

    /// <summary>Escapes text for use between tags.</summary>
    public static string EscapeText(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text, attribute: false);
        return sb.ToString();
    }

    /// <summary>
    /// Collapses runs of ASCII whitespace to one space and trims. A no-break space is the author's choice and stays.
    /// </summary>
    public static string CollapseWhitespace(string text)
    {
        var span = text.AsSpan().Trim(AsciiWhitespace);
        var needs = false;
        for (var i = 0; i < span.Length; i++)
        {
            if (IsAsciiWhitespace(span[i]) && (span[i] != ' ' || (i + 1 < span.Length && IsAsciiWhitespace(span[i + 1]))))
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return span.Length == text.Length ? text : span.ToString();
        }
        var sb = new StringBuilder(span.Length);
        var space = false;
        foreach (var c in span)
        {
            if (IsAsciiWhitespace(c))
            {
                space = true;
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private const string AsciiWhitespace = " \t\n\r\f";
    private static readonly char[] AsciiWhitespaceChars = AsciiWhitespace.ToCharArray();

    private static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private static bool NeedsParsing(string html) => html.AsSpan().IndexOfAny('<', '&') >= 0;

    private static INodeList ParseFragment(string html)
    {
        // An empty configuration: the parser needs no loaders, scripting or styling, and skipping them halves its start-up.
        var parser = t_parser ??= new HtmlParser(new HtmlParserOptions { IsScripting = false }, BrowsingContext.New(new AngleSharp.Configuration()));
        // Standards-mode contexts, so fragments parse as they would inside a modern page. A fragment that
        // starts with a table part (a lone "<td>") is parsed inside the matching table element, where it
        // means something, instead of being discarded as it would be in a body.
        var contexts = t_contexts ??= CreateContexts(parser);
        var context = FirstTagName(html) switch
        {
            "td" or "th" => contexts.Row,
            "tr" => contexts.Section,
            "tbody" or "thead" or "tfoot" or "caption" or "colgroup" => contexts.Table,
            "col" => contexts.ColumnGroup,
            _ => contexts.Body,
        };
        return parser.ParseFragment(Prepare(html), context);
    }

    private sealed record Contexts(IElement Body, IElement Table, IElement Section, IElement Row, IElement ColumnGroup);

    private static Contexts CreateContexts(HtmlParser parser)
    {
        var document = parser.ParseDocument(
            "<!DOCTYPE html><html><body><table><colgroup><col></colgroup><tbody><tr><td></td></tr></tbody></table></body></html>");
        return new Contexts(document.Body!, document.QuerySelector("table")!, document.QuerySelector("tbody")!,
            document.QuerySelector("tr")!, document.QuerySelector("colgroup")!);
    }

    /// <summary>The lower-cased name of the first start tag, or null.</summary>
    private static string? FirstTagName(string html)
    {
        var at = html.IndexOf('<', StringComparison.Ordinal);
        while (at >= 0 && at + 1 < html.Length)
        {
            if (char.IsAsciiLetter(html[at + 1]))
            {
                var end = at + 1;
                while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
                {
                    end++;
                }
                return html[(at + 1)..end].ToLowerInvariant();
            }
            at = html.IndexOf('<', at + 1);
        }
        return null;
    }

    /// <summary>
    /// Repairs before parsing. "&lt;!" that opens no comment or complete declaration is the author's text
    /// (HTML would hide everything up to the next '&gt;' as a bogus comment), and so is the inside of a CDATA
    /// section. "&lt;/br&gt;" right after "&lt;br&gt;" is XHTML written as HTML (HTML would read it as a second
    /// line break).
    /// </summary>
    private static string Prepare(string html)
    {
        if (html.Contains("<!", StringComparison.Ordinal))
        {
            var sb = new StringBuilder(html.Length + 8);
            var pos = 0;
            var at = html.IndexOf("<!", StringComparison.Ordinal);
            while (at >= 0)
            {
                var rest = html.AsSpan(at + 2);
                if (rest.StartsWith("[CDATA[", StringComparison.Ordinal))
                {
                    // CDATA inside HTML (a feed that wrapped its CDATA twice): the author meant the text inside
                    var end = html.IndexOf("]]>", at + 9, StringComparison.Ordinal);
                    var inner = end < 0 ? html[(at + 9)..] : html[(at + 9)..end];
                    sb.Append(html, pos, at - pos);
                    AppendEscaped(sb, inner, attribute: false);
                    pos = end < 0 ? html.Length : end + 3;
                    at = pos < html.Length ? html.IndexOf("<!", pos, StringComparison.Ordinal) : -1;
                    continue;
                }
                var markup = rest.StartsWith("--", StringComparison.Ordinal)
                    || (rest.StartsWith("doctype", StringComparison.OrdinalIgnoreCase) && rest.Contains('>'));
                if (!markup)
                {
                    sb.Append(html, pos, at - pos).Append("&lt;");
                    pos = at + 1;
                }
                at = html.IndexOf("<!", at + 2, StringComparison.Ordinal);
            }
            sb.Append(html, pos, html.Length - pos);
            html = sb.ToString();
        }
        if (html.Contains("</br>", StringComparison.OrdinalIgnoreCase))
        {
            html = DoubledBreak().Replace(html, "$1");
        }
        return LimitNesting(html);
    }

    private static readonly HashSet<string> VoidNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
        "basefont", "bgsound", "frame", "image", "command",
    };

    /// <summary>Elements a following sibling closes implicitly (old HTML rarely closes them): they do not deepen the tree.</summary>
    private static readonly HashSet<string> SiblingClosedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
        "rb", "rt", "rtc", "rp",
    };

    private static readonly HashSet<string> RawTextNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    // Span lookups: the nesting limiter runs over every extracted page, so it allocates no tag names.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidLookup = VoidNames.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SiblingClosedLookup = SiblingClosedNames.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RawTextLookup = RawTextNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Removes start tags that would nest deeper than <paramref name="maxDepth"/> levels. HTML tree construction does
    /// work proportional to the depth for every token, so hostile input ("&lt;b&gt;&lt;i&gt;" twenty thousand
    /// times) would otherwise cost quadratic time. Real articles never come close; what remains is parsed and
    /// sanitized as usual, so this pass needs no exactness, only a bound.
    /// </summary>
    internal static string LimitNesting(string html, int maxDepth = MaxDepth)
    {
        if (html.AsSpan().Count('<') <= maxDepth)
        {
            return html;
        }
        StringBuilder? sb = null;
        var copied = 0;
        var depth = 0;
        var at = html.IndexOf('<', StringComparison.Ordinal);
        while (at >= 0 && at + 1 < html.Length)
        {
            var next = html[at + 1];
            var resume = at + 1;
            if (next == '!' && string.CompareOrdinal(html, at, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", at + 4, StringComparison.Ordinal);
                resume = end < 0 ? html.Length : end + 3;
            }
            else if (next == '/')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (char.IsAsciiLetter(next))
            {
                var nameEnd = at + 1;
                while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':'))
                {
                    nameEnd++;
                }
                var name = html.AsSpan(at + 1, nameEnd - at - 1);
                var close = html.IndexOf('>', nameEnd);
                var tagEnd = close < 0 ? html.Length : close + 1;
                var selfClosing = close > 0 && html[close - 1] == '/';
                if (RawTextLookup.Contains(name))
                {
                    var endTag = html.IndexOf(string.Concat("</", name), tagEnd, StringComparison.OrdinalIgnoreCase);
                    resume = endTag < 0 ? html.Length : endTag;
                }
                else if (!selfClosing && !VoidLookup.Contains(name) && !SiblingClosedLookup.Contains(name))
                {
                    if (depth >= maxDepth)
                    {
                        sb ??= new StringBuilder(html.Length);
                        sb.Append(html, copied, at - copied);
                        copied = tagEnd;
                    }
                    else
                    {
                        depth++;
                    }
                }
                resume = Math.Max(resume, tagEnd);
            }
            at = resume < html.Length ? html.IndexOf('<', resume) : -1;
        }
        if (sb is null)
        {
            return html;
        }
        sb.Append(html, copied, html.Length - copied);
        return sb.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(<br\s*/?>)\s*</br>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DoubledBreak();

    private enum Verdict
    {
        Keep,
        Unwrap,
        Drop,
    }

    private static Verdict Judge(IElement element, bool keepTbody)
    {
        var name = element.LocalName;
        if (!keepTbody && name == "tbody")
        {
            return Verdict.Unwrap;
        }
        if (HtmlAllowList.DroppedWithContent.Contains(name.ToLowerInvariant()))
        {
            return Verdict.Drop;
        }
        return element.NamespaceUri switch
        {
            HtmlNs => HtmlAllowList.HtmlElements.Contains(name) ? Verdict.Keep : Verdict.Unwrap,
            SvgNs => HtmlAllowList.SvgElements.Contains(name) ? Verdict.Keep : Verdict.Unwrap,
            MathNs => HtmlAllowList.MathElements.Contains(name) ? Verdict.Keep : Verdict.Unwrap,
            _ => Verdict.Unwrap,
        };
    }

    /// <summary>Writes one top-level node and its subtree without recursion (hostile input can nest very deeply).</summary>
    private static void Write(INode top, StringBuilder sb, string? baseUrl, bool keepTbody)
    {
        var node = top;
        var depth = 0;
        var opened = new Stack<bool>();
        while (true)
        {
            var descend = false;
            switch (node)
            {
                case IText text:
                    AppendEscaped(sb, text.Data, attribute: false);
                    break;
                case IElement element:
                {
                    var verdict = Judge(element, keepTbody);
                    if (verdict == Verdict.Drop)
                    {
                        break;
                    }
                    var keep = verdict == Verdict.Keep && depth < MaxDepth;
                    if (keep)
                    {
                        WriteStartTag(element, sb, baseUrl);
                    }
                    if (IsVoid(element))
                    {
                        break;
                    }
                    if (element.FirstChild is not null)
                    {
                        opened.Push(keep);
                        depth++;
                        node = element.FirstChild;
                        descend = true;
                    }
                    else if (keep)
                    {
                        sb.Append("</").Append(element.LocalName).Append('>');
                    }
                    break;
                }
            }
            if (descend)
            {
                continue;
            }
            // climb until a next sibling exists, closing the elements left behind
            while (true)
            {
                if (ReferenceEquals(node, top))
                {
                    return;
                }
                if (node.NextSibling is { } next)
                {
                    node = next;
                    break;
                }
                node = node.Parent!;
                depth--;
                if (opened.Pop())
                {
                    sb.Append("</").Append(((IElement)node).LocalName).Append('>');
                }
            }
        }
    }

    private static bool IsVoid(IElement element) =>
        element.NamespaceUri == HtmlNs && element.LocalName is "area" or "base" or "br" or "col" or "embed" or "hr" or "img" or "input"
            or "keygen" or "link" or "meta" or "param" or "source" or "track" or "wbr" or "command" or "basefont" or "frame";

    private static void WriteStartTag(IElement element, StringBuilder sb, string? baseUrl)
    {
        var name = element.LocalName;
        sb.Append('<').Append(name);
        var allowed = element.NamespaceUri switch
        {
            SvgNs => HtmlAllowList.SvgAttributes,
            MathNs => HtmlAllowList.MathAttributes,
            _ => HtmlAllowList.HtmlAttributes,
        };
        foreach (var attribute in element.Attributes)
        {
            var attrName = attribute.NamespaceUri switch
            {
                XLinkNs => "xlink:" + attribute.LocalName,
                XmlNs => "xml:" + attribute.LocalName,
                _ => attribute.Name,
            };
            var value = attribute.Value;
            if (attrName.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (attrName == "style")
            {
                value = CssSanitizer.Sanitize(value);
                if (value is null)
                {
                    continue;
                }
            }
            else if (!allowed.Contains(attrName))
            {
                continue;
            }
            else if (HtmlAllowList.UrlAttributes.Contains(attrName) || (attrName == "href" && element.NamespaceUri != HtmlNs))
            {
                if (!TryUrl(value, baseUrl, out value))
                {
                    // Neutralized, not removed: the element keeps its shape and the empty value shows a link was cut.
                    value = "";
                }
                if (element.NamespaceUri != HtmlNs && attrName.EndsWith("href", StringComparison.Ordinal) && name == "use" && !value.StartsWith('#'))
                {
                    continue;
                }
            }
            else if (attrName is "srcset" or "ping")
            {
                if (!TryUrlList(value, baseUrl, attrName == "srcset", out value))
                {
                    continue;
                }
            }
            else if (element.NamespaceUri == SvgNs && value.Contains("url(", StringComparison.OrdinalIgnoreCase) && !IsLocalPaintReference(value))
            {
                continue;
            }
            sb.Append(' ').Append(attrName).Append("=\"");
            AppendEscaped(sb, value, attribute: true);
            sb.Append('"');
        }
        sb.Append('>');
    }

    private static bool IsLocalPaintReference(string value) =>
        value.Replace(" ", "", StringComparison.Ordinal).StartsWith("url(#", StringComparison.OrdinalIgnoreCase);

    private static bool TryUrl(string value, string? baseUrl, out string result)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            result = "";
            return true;
        }
        result = baseUrl is null ? trimmed : FeedUrls.Resolve(baseUrl, trimmed);
        return FeedUrls.IsSafe(result);
    }

    private static bool TryUrlList(string value, string? baseUrl, bool srcset, out string result)
    {
        var parts = value.Split(srcset ? ',' : ' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var space = srcset ? part.IndexOfAny([' ', '\t', '\n']) : -1;
            var url = space < 0 ? part : part[..space];
            if (!TryUrl(url, baseUrl, out var resolved))
            {
                result = "";
                return false;
            }
            parts[i] = space < 0 ? resolved : resolved + part[space..];
        }
        result = string.Join(srcset ? ", " : " ", parts);
        return true;
    }

    private static void AppendText(INode top, StringBuilder sb)
    {
        var node = top;
        while (true)
        {
            var descend = false;
            if (node is IText text)
            {
                sb.Append(text.Data);
            }
            else if (node is IElement element)
            {
                var name = element.LocalName.ToLowerInvariant();
                if (!HtmlAllowList.DroppedWithContent.Contains(name))
                {
                    if (HtmlAllowList.BlockElements.Contains(name))
                    {
                        sb.Append(' ');
                    }
                    if (element.FirstChild is not null)
                    {
                        node = element.FirstChild;
                        descend = true;
                    }
                }
            }
            if (descend)
            {
                continue;
            }
            while (true)
            {
                if (ReferenceEquals(node, top))
                {
                    return;
                }
                if (node.NextSibling is { } next)
                {
                    node = next;
                    break;
                }
                node = node.Parent!;
                if (node is IElement closed && HtmlAllowList.BlockElements.Contains(closed.LocalName))
                {
                    sb.Append(' ');
                }
            }
        }
    }

    private static void AppendEscaped(StringBuilder sb, string text, bool attribute)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                _ => null,
            };
            if (replacement is null)
            {
                continue;
            }
            sb.Append(text, start, i - start).Append(replacement);
            start = i + 1;
        }
        sb.Append(text, start, text.Length - start);
    }
}
