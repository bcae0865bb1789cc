using System.Text;
using Ingestor.Normalize.Html;

namespace Ingestor.Collect.Feeds;

/// <summary>Whether a feed value is plain text or markup.</summary>
internal enum TextKind
{
    Text,
    Html,
}

/// <summary>A text construct as read from the feed, before it becomes plain text or sanitized HTML.</summary>
internal readonly record struct TextValue(string Value, TextKind Kind, string? Base)
{
    private static readonly char[] AsciiSpace = [' ', '\t', '\n', '\r', '\f'];

    /// <summary>Plain text with whitespace collapsed; null when empty.</summary>
    public string? ToPlain()
    {
        var text = Kind == TextKind.Html ? HtmlSanitizer.ToPlainText(Value) : HtmlSanitizer.CollapseWhitespace(Value);
        return text.Length == 0 ? null : text;
    }

    /// <summary>Sanitized HTML (plain text escaped); null when empty.</summary>
    public string? ToHtml()
    {
        var html = Kind == TextKind.Html ? HtmlSanitizer.Sanitize(Value, Base) : HtmlSanitizer.EscapeText(Value.Trim(AsciiSpace));
        return html.Length == 0 ? null : html;
    }
}

/// <summary>
/// Reads RSS, Atom 0.3 and Atom 1.0 text constructs: escaped HTML, inline XHTML (serialized back to markup),
/// base64, CDATA, plain text, and RSS's untyped values (HTML when they look like HTML).
/// </summary>
internal static class FeedText
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> DecimalDigits = System.Buffers.SearchValues.Create("0123456789");

    /// <summary>Reads an Atom 1.0 text construct (type="text|html|xhtml" or a MIME type).</summary>
    public static TextValue ReadAtom10(FeedXmlElement e, FeedErrors errors)
    {
        var type = (e.Attr("type") ?? "text").Trim().ToLowerInvariant();
        switch (type)
        {
            case "text" or "text/plain":
                return e.HasElementChildren ? new TextValue(Inline(e, escapeText: false, dropWrapperDiv: true), TextKind.Html, e.Base) : new TextValue(e.Text(), TextKind.Text, e.Base);
            case "html" or "text/html":
                return e.HasElementChildren ? new TextValue(Inline(e, escapeText: false, dropWrapperDiv: true), TextKind.Html, e.Base) : new TextValue(e.Text(), TextKind.Html, e.Base);
            case "xhtml" or "application/xhtml+xml":
                return new TextValue(Inline(e, escapeText: true, dropWrapperDiv: true), TextKind.Html, e.Base);
        }
        if (type.EndsWith("+xml", StringComparison.Ordinal) || type.EndsWith("/xml", StringComparison.Ordinal))
        {
            return new TextValue(Inline(e, escapeText: true, dropWrapperDiv: false), TextKind.Html, e.Base);
        }
        if (type.StartsWith("text/", StringComparison.Ordinal))
        {
            return new TextValue(e.Text(), TextKind.Text, e.Base);
        }
        return Base64(e, e.Text(), TextKind.Html, errors);
    }

    /// <summary>Reads an Atom 0.3 content construct (type is a MIME type, mode="xml|escaped|base64").</summary>
    public static TextValue ReadAtom03(FeedXmlElement e, FeedErrors errors)
    {
        var type = (e.Attr("type") ?? "text/plain").Trim().ToLowerInvariant();
        var mode = (e.Attr("mode") ?? "xml").Trim().ToLowerInvariant();
        var kind = type is "text/plain" or "text" ? TextKind.Text : TextKind.Html;
        var xmlType = type.EndsWith("+xml", StringComparison.Ordinal) || type.EndsWith("/xml", StringComparison.Ordinal) || type == "xhtml";
        if (mode == "base64")
        {
            return Base64(e, e.Text(), kind, errors);
        }
        if (e.HasElementChildren)
        {
            return new TextValue(Inline(e, escapeText: xmlType, dropWrapperDiv: !xmlType), TextKind.Html, e.Base);
        }
        var text = e.Text();
        if (kind == TextKind.Text && LooksLikeHtml(text) && mode != "escaped")
        {
            kind = TextKind.Html;
        }
        return new TextValue(text, kind, e.Base);
    }

    /// <summary>
    /// Reads an untyped RSS value. <paramref name="markup"/> says what the element normally holds (description:
    /// HTML; title: text, upgraded to HTML when it carries tags or entities, as publishers do put them there).
    /// </summary>
    public static TextValue ReadRss(FeedXmlElement e, TextKind markup)
    {
        if (e.HasElementChildren)
        {
            var xhtml = IsXhtmlContent(e);
            return new TextValue(Inline(e, escapeText: xhtml, dropWrapperDiv: false), TextKind.Html, e.Base);
        }
        var text = e.Text();
        var kind = markup == TextKind.Text && LooksLikeHtml(text) ? TextKind.Html : markup;
        return new TextValue(text, kind, e.Base);
    }

    private static bool IsXhtmlContent(FeedXmlElement e)
    {
        if (e.Ns == FeedNs.Xhtml)
        {
            return true;
        }
        foreach (var child in e.Elements())
        {
            if (child.Ns == FeedNs.Xhtml)
            {
                return true;
            }
        }
        return false;
    }

    private static TextValue Base64(FeedXmlElement e, string text, TextKind kind, FeedErrors errors)
    {
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }
        try
        {
            var bytes = Convert.FromBase64String(compact.ToString());
            var decoded = Encoding.UTF8.GetString(bytes);
            if (kind == TextKind.Text && LooksLikeHtml(decoded))
            {
                kind = TextKind.Html;
            }
            return new TextValue(decoded, kind == TextKind.Text ? TextKind.Text : TextKind.Html, e.Base);
        }
        catch (FormatException)
        {
            errors.AddOnce("base64:" + e.QualifiedName, $"<{e.QualifiedName}> is marked base64 but is not; read as text");
            return new TextValue(text, kind, e.Base);
        }
    }

    /// <summary>
    /// True when text carries HTML: a tag-like '&lt;x', '&lt;/x' or '&lt;!', or an entity reference. Plain text such
    /// as "2 &lt; 3" or "AT&amp;T" is not HTML.
    /// </summary>
    public static bool LooksLikeHtml(string text)
    {
        var span = text.AsSpan();
        var at = span.IndexOfAny('<', '&');
        while (at >= 0 && at < span.Length - 1)
        {
            var next = span[at + 1];
            if (span[at] == '<')
            {
                if (char.IsAsciiLetter(next) || next is '/' or '!')
                {
                    return true;
                }
            }
            else
            {
                var window = span.Slice(at + 1, Math.Min(34, span.Length - at - 1));
                var semicolon = window.IndexOf(';');
                if (semicolon is > 0 and <= 32 && IsReferenceName(span.Slice(at + 1, semicolon)))
                {
                    return true;
                }
            }
            var rest = span[(at + 1)..].IndexOfAny('<', '&');
            at = rest < 0 ? -1 : at + 1 + rest;
        }
        return false;
    }

    private static bool IsReferenceName(ReadOnlySpan<char> name)
    {
        if (name[0] == '#')
        {
            var digits = name[1..];
            if (digits.Length > 0 && digits[0] is 'x' or 'X')
            {
                digits = digits[1..];
                return digits.Length > 0 && !digits.ContainsAnyExcept(HexDigits);
            }
            return digits.Length > 0 && !digits.ContainsAnyExcept(DecimalDigits);
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return char.IsAsciiLetter(name[0]);
    }

    /// <summary>
    /// The element's children written back as markup. <paramref name="escapeText"/> is true for XHTML (text is
    /// text) and false for HTML carried as unescaped markup (text is itself markup). A lone XHTML wrapper div is
    /// dropped when <paramref name="dropWrapperDiv"/>, as Atom 1.0 requires for type="xhtml".
    /// </summary>
    public static string Inline(FeedXmlElement e, bool escapeText, bool dropWrapperDiv)
    {
        var container = e;
        if (dropWrapperDiv && SingleDiv(e) is { } div)
        {
            container = div;
        }
        var sb = new StringBuilder();
        foreach (var child in container.Children)
        {
            Serialize(child, sb, escapeText);
        }
        return sb.ToString();
    }

    private static FeedXmlElement? SingleDiv(FeedXmlElement e)
    {
        FeedXmlElement? div = null;
        foreach (var child in e.Children)
        {
            switch (child)
            {
                case FeedXmlText t when string.IsNullOrWhiteSpace(t.Text):
                    continue;
                case FeedXmlElement el when div is null && el.Key == "div" && el.Ns is FeedNs.Xhtml or FeedNs.None:
                    div = el;
                    continue;
                default:
                    return null;
            }
        }
        return div;
    }

    private static void Serialize(FeedXmlNode node, StringBuilder sb, bool escapeText)
    {
        if (node is FeedXmlText text)
        {
            if (escapeText)
            {
                sb.Append(HtmlSanitizer.EscapeText(text.Text));
            }
            else
            {
                sb.Append(text.Text);
            }
            return;
        }
        var e = (FeedXmlElement)node;
        var name = e.Ns is FeedNs.Xhtml or FeedNs.None || e.NamespaceUri.Length == 0 || IsMarkupNamespace(e.NamespaceUri) ? e.LocalName : e.QualifiedName;
        sb.Append('<').Append(name);
        foreach (var a in e.Attributes)
        {
            sb.Append(' ').Append(a.QualifiedName).Append("=\"").Append(EscapeAttribute(a.Value)).Append('"');
        }
        sb.Append('>');
        if (e.Children.Count == 0 && VoidElements.Contains(e.LocalName))
        {
            return;
        }
        foreach (var child in e.Children)
        {
            Serialize(child, sb, escapeText);
        }
        sb.Append("</").Append(name).Append('>');
    }

    private static bool IsMarkupNamespace(string uri) =>
        uri is "http://www.w3.org/2000/svg" or "http://www.w3.org/1998/Math/MathML";

    private static string EscapeAttribute(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return value;
        }
        return value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
