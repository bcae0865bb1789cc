using System.Globalization;
using System.Text;

namespace Ingestor.Collect.Feeds;

/// <summary>
/// A forgiving XML reader for feeds. Well-formed input gives the tree a conforming parser would; broken input
/// (undeclared HTML entities, bare ampersands, unclosed or mismatched tags, truncation, undeclared prefixes)
/// still gives the tree a reader can recognise, with each problem reported once in <see cref="FeedErrors"/>.
/// DOCTYPEs are skipped, never processed: no external entities, no entity expansion, so no XXE and no
/// billion-laughs. One pass over the text, no backtracking.
/// </summary>
internal sealed class FeedXmlParser
{
    private static readonly System.Buffers.SearchValues<char> MarkupStarts = System.Buffers.SearchValues.Create("<&");
    private readonly string _s;
    private readonly FeedErrors _errors;
    private readonly int _maxDepth;
    private readonly StringBuilder _text = new();
    private readonly List<(string Prefix, string Uri, FeedNs Ns)> _scopes = [];
    private readonly List<FeedXmlElement> _open = [];
    private readonly List<int> _scopeMarks = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly string? _documentBase;
    private FeedXmlElement? _root;
    private bool _rootClosed;
    private int _skipped;
    private int _pos;
    private int _noDoubleQuoteFrom = int.MaxValue;
    private int _noSingleQuoteFrom = int.MaxValue;

    private FeedXmlParser(string text, string? documentBase, FeedErrors errors, int maxDepth)
    {
        _s = text;
        _documentBase = documentBase;
        _errors = errors;
        _maxDepth = maxDepth;
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Reads the document; returns its root element, or null when there is no element at all.</summary>
    public static FeedXmlElement? Parse(string text, string? documentBase, FeedErrors errors, int maxDepth)
    {
        var parser = new FeedXmlParser(text, documentBase, errors, maxDepth);
        parser.Run();
        return parser._root;
    }

    private FeedXmlElement? Current => _open.Count == 0 ? null : _open[^1];

    private void Run()
    {
        var s = _s;
        while (_pos < s.Length)
        {
            var lt = s.AsSpan(_pos).IndexOfAny(MarkupStarts);
            lt = lt < 0 ? -1 : lt + _pos;
            if (lt < 0)
            {
                _text.Append(s.AsSpan(_pos));
                _pos = s.Length;
                break;
            }
            if (lt > _pos)
            {
                _text.Append(s.AsSpan(_pos, lt - _pos));
                _pos = lt;
            }
            if (s[_pos] == '&')
            {
                ReadReference(_text);
                continue;
            }
            ReadMarkup();
        }
        FlushText();
        if (_open.Count > 0)
        {
            Error(_pos, $"document ends inside <{_open[^1].QualifiedName}> (truncated?)");
            _open.Clear();
        }
        else if (_root is null && s.AsSpan().Trim().Length > 0)
        {
            Error(0, "no XML element found");
        }
    }

    private void ReadMarkup()
    {
        var s = _s;
        var start = _pos;
        if (Follows("<!--"))
        {
            var end = s.IndexOf("-->", _pos + 4, StringComparison.Ordinal);
            if (end < 0)
            {
                Error(start, "comment never closed");
                _pos = s.Length;
                return;
            }
            _pos = end + 3;
            return;
        }
        if (Follows("<![CDATA["))
        {
            var end = s.IndexOf("]]>", _pos + 9, StringComparison.Ordinal);
            if (end < 0)
            {
                Error(start, "CDATA section never closed");
                _text.Append(s.AsSpan(_pos + 9));
                _pos = s.Length;
                return;
            }
            _text.Append(s.AsSpan(_pos + 9, end - _pos - 9));
            _pos = end + 3;
            return;
        }
        if (Follows("<!DOCTYPE") || Follows("<!doctype"))
        {
            SkipDoctype();
            return;
        }
        if (Follows("<!"))
        {
            var end = s.IndexOf('>', _pos + 2);
            ErrorOnce("bogus-declaration", start, "unknown markup declaration skipped");
            _pos = end < 0 ? s.Length : end + 1;
            return;
        }
        if (Follows("<?"))
        {
            var end = s.IndexOf("?>", _pos + 2, StringComparison.Ordinal);
            _pos = end < 0 ? s.Length : end + 2;
            return;
        }
        if (Follows("</"))
        {
            ReadEndTag();
            return;
        }
        if (_pos + 1 < s.Length && IsNameStart(s[_pos + 1]))
        {
            ReadStartTag();
            return;
        }
        ErrorOnce("lt", start, "a '<' that starts no tag was read as text");
        _text.Append('<');
        _pos++;
    }

    private bool Follows(string token) => string.CompareOrdinal(_s, _pos, token, 0, token.Length) == 0;

    private void SkipDoctype()
    {
        var s = _s;
        var start = _pos;
        var i = _pos + 9;
        var depth = 0;
        char quote = '\0';
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == '>' && depth <= 0)
            {
                break;
            }
        }
        var declaration = s.AsSpan(start, Math.Min(i + 1, s.Length) - start);
        if (declaration.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            ErrorOnce("doctype-entities", start, "the DOCTYPE declares entities; DTD processing is disabled, so they are not expanded");
        }
        if (_root is not null)
        {
            ErrorOnce("doctype-inside", start, "DOCTYPE inside the document ignored");
        }
        _pos = i >= s.Length ? s.Length : i + 1;
    }

    private void ReadStartTag()
    {
        var s = _s;
        var tagStart = _pos;
        _pos++;
        var name = ReadName();
        List<(string Name, string Value)>? rawAttributes = null;
        var selfClosing = false;
        var closed = false;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
                continue;
            }
            if (c == '>')
            {
                _pos++;
                closed = true;
                break;
            }
            if (c == '/' && _pos + 1 < s.Length && s[_pos + 1] == '>')
            {
                _pos += 2;
                selfClosing = true;
                closed = true;
                break;
            }
            if (c == '<')
            {
                ErrorOnce("tag-unclosed", _pos, $"tag <{name}> not closed with '>'");
                closed = true;
                break;
            }
            var attrStart = _pos;
            var attrName = ReadAttributeName();
            if (attrName.Length == 0)
            {
                ErrorOnce("attr-junk", _pos, $"unexpected '{c}' inside tag <{name}>");
                _pos++;
                continue;
            }
            SkipWhitespace();
            string value;
            if (_pos < s.Length && s[_pos] == '=')
            {
                _pos++;
                SkipWhitespace();
                value = ReadAttributeValue(name);
            }
            else
            {
                ErrorOnce("attr-novalue", attrStart, $"attribute '{attrName}' without a value in <{name}>");
                value = attrName;
            }
            rawAttributes ??= [];
            var duplicate = false;
            foreach (var (existing, _) in rawAttributes)
            {
                if (existing == attrName)
                {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate)
            {
                ErrorOnce("attr-dup", attrStart, $"attribute '{attrName}' repeated in <{name}>");
            }
            else
            {
                rawAttributes.Add((attrName, value));
            }
        }
        if (!closed)
        {
            Error(tagStart, $"document ends inside the tag <{name}>");
        }
        FlushText();
        OpenElement(tagStart, name, rawAttributes, selfClosing);
    }

    private void OpenElement(int at, string name, List<(string Name, string Value)>? rawAttributes, bool selfClosing)
    {
        if (_rootClosed && _open.Count == 0)
        {
            ErrorOnce("after-root", at, $"element <{name}> after the end of the root element ignored");
            if (!selfClosing)
            {
                _skipped++;
            }
            return;
        }
        if (_skipped > 0 || _open.Count >= _maxDepth)
        {
            ErrorOnce("depth", at, $"elements nested deeper than {_maxDepth} levels skipped");
            if (!selfClosing)
            {
                _skipped++;
            }
            return;
        }

        _scopeMarks.Add(_scopes.Count);
        if (rawAttributes is not null)
        {
            foreach (var (attrName, value) in rawAttributes)
            {
                if (attrName == "xmlns")
                {
                    _scopes.Add(("", value, FeedNamespaces.Classify(value)));
                }
                else if (attrName.StartsWith("xmlns:", StringComparison.Ordinal))
                {
                    _scopes.Add((attrName[6..], value, FeedNamespaces.Classify(value)));
                }
            }
        }

        var parent = Current;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon > 0 ? name[..colon] : "";
        var local = colon > 0 ? Intern(name.AsSpan(colon + 1)) : name;
        var (uri, ns) = ResolvePrefix(prefix, at);

        List<FeedXmlAttribute>? attributes = null;
        string? xmlBase = null;
        string? xmlLang = null;
        var hasLang = false;
        if (rawAttributes is not null)
        {
            foreach (var (attrName, value) in rawAttributes)
            {
                if (attrName == "xmlns" || attrName.StartsWith("xmlns:", StringComparison.Ordinal))
                {
                    continue;
                }
                var attrColon = attrName.IndexOf(':', StringComparison.Ordinal);
                string attrLocal = attrName;
                string attrUri = "";
                if (attrColon > 0)
                {
                    var attrPrefix = attrName[..attrColon];
                    attrLocal = attrName[(attrColon + 1)..];
                    attrUri = attrPrefix == "xml" ? FeedNamespaces.Xml : ResolvePrefix(attrPrefix, at).Uri;
                    if (attrPrefix == "xml" && attrLocal == "base")
                    {
                        xmlBase = value;
                    }
                    else if (attrPrefix == "xml" && attrLocal == "lang")
                    {
                        xmlLang = value.Trim();
                        hasLang = true;
                    }
                }
                attributes ??= new List<FeedXmlAttribute>(rawAttributes.Count);
                attributes.Add(new FeedXmlAttribute(attrName, attrLocal, attrUri, value));
            }
        }

        var parentBase = parent?.Base ?? _documentBase;
        var element = new FeedXmlElement
        {
            QualifiedName = name,
            LocalName = local,
            Key = LowerKey(local),
            NamespaceUri = uri,
            Ns = ns,
            Parent = parent,
            Base = xmlBase is null ? parentBase : FeedUrls.Resolve(parentBase, xmlBase),
            Language = hasLang ? (xmlLang!.Length == 0 ? null : xmlLang) : parent?.Language,
        };
        if (attributes is not null)
        {
            element.SetAttributes(attributes);
        }

        if (parent is null)
        {
            _root ??= element;
        }
        else
        {
            parent.Add(element);
        }

        if (selfClosing)
        {
            _scopes.RemoveRange(_scopeMarks[^1], _scopes.Count - _scopeMarks[^1]);
            _scopeMarks.RemoveAt(_scopeMarks.Count - 1);
            if (parent is null)
            {
                _rootClosed = true;
            }
        }
        else
        {
            _open.Add(element);
        }
    }

    private (string Uri, FeedNs Ns) ResolvePrefix(string prefix, int at)
    {
        if (prefix == "xml")
        {
            return (FeedNamespaces.Xml, FeedNs.Xml);
        }
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].Prefix == prefix)
            {
                return (_scopes[i].Uri, _scopes[i].Ns);
            }
        }
        if (prefix.Length == 0)
        {
            return ("", FeedNs.None);
        }
        var conventional = FeedNamespaces.ConventionalUri(prefix);
        ErrorOnce("prefix:" + prefix, at, conventional is null
            ? $"undeclared namespace prefix '{prefix}'"
            : $"undeclared namespace prefix '{prefix}' read as {conventional}");
        var uri = conventional ?? "urn:undeclared:" + prefix;
        return (uri, conventional is null ? FeedNs.Other : FeedNamespaces.Classify(uri));
    }

    private void ReadEndTag()
    {
        var s = _s;
        var at = _pos;
        _pos += 2;
        var name = ReadName();
        var nextOpen = s.IndexOf('<', _pos);
        var limit = nextOpen < 0 ? s.Length : nextOpen;
        var close = s.IndexOf('>', _pos, limit - _pos);
        if (close < 0)
        {
            ErrorOnce("endtag-unclosed", at, $"end tag </{name}> not closed with '>'");
            _pos = limit;
        }
        else
        {
            _pos = close + 1;
        }
        FlushText();
        if (_skipped > 0)
        {
            _skipped--;
            return;
        }
        if (name.Length == 0)
        {
            ErrorOnce("endtag-empty", at, "empty end tag ignored");
            return;
        }
        var match = FindOpen(name, StringComparison.Ordinal);
        if (match < 0)
        {
            match = FindOpen(name, StringComparison.OrdinalIgnoreCase);
        }
        if (match < 0)
        {
            ErrorOnce("stray:" + name, at, $"end tag </{name}> matches no open element; ignored");
            return;
        }
        for (var i = _open.Count - 1; i > match; i--)
        {
            ErrorOnce("unclosed:" + _open[i].QualifiedName, at, $"<{_open[i].QualifiedName}> closed by </{name}>");
            PopElement();
        }
        PopElement();
    }

    private int FindOpen(string name, StringComparison comparison)
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_open[i].QualifiedName, name, comparison))
            {
                return i;
            }
        }
        return -1;
    }

    private void PopElement()
    {
        _open.RemoveAt(_open.Count - 1);
        var mark = _scopeMarks[^1];
        _scopeMarks.RemoveAt(_scopeMarks.Count - 1);
        _scopes.RemoveRange(mark, _scopes.Count - mark);
        if (_open.Count == 0)
        {
            _rootClosed = true;
        }
    }

    private void FlushText()
    {
        if (_text.Length == 0)
        {
            return;
        }
        var current = Current;
        if (current is not null && _skipped == 0)
        {
            current.Add(new FeedXmlText(_text.ToString()));
        }
        else if (current is null && !IsWhitespace(_text))
        {
            ErrorOnce("text-outside", _pos, _root is null ? "text before the root element ignored" : "text after the root element ignored");
        }
        _text.Clear();
    }

    private static bool IsWhitespace(StringBuilder sb)
    {
        foreach (var chunk in sb.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private string ReadName()
    {
        var s = _s;
        var start = _pos;
        while (_pos < s.Length && IsNameChar(s[_pos]))
        {
            _pos++;
        }
        return Intern(s.AsSpan(start, _pos - start));
    }

    private string ReadAttributeName()
    {
        var s = _s;
        var start = _pos;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '=' or '>' or '<' or '"' or '\'' || (c == '/' && _pos + 1 < s.Length && s[_pos + 1] == '>'))
            {
                break;
            }
            _pos++;
        }
        return Intern(s.AsSpan(start, _pos - start));
    }

    private string ReadAttributeValue(string element)
    {
        var s = _s;
        if (_pos >= s.Length)
        {
            return "";
        }
        var quote = s[_pos];
        var sb = new StringBuilder();
        if (quote is '"' or '\'')
        {
            var start = ++_pos;
            // Once a quote character is known not to occur again, never search for it again (keeps hostile input linear).
            var end = _pos >= (quote == '"' ? _noDoubleQuoteFrom : _noSingleQuoteFrom) ? -1 : s.IndexOf(quote, _pos);
            if (end < 0)
            {
                if (quote == '"')
                {
                    _noDoubleQuoteFrom = Math.Min(_noDoubleQuoteFrom, _pos);
                }
                else
                {
                    _noSingleQuoteFrom = Math.Min(_noSingleQuoteFrom, _pos);
                }
                ErrorOnce("attr-quote", start, $"attribute value in <{element}> never closed");
                var gt = s.IndexOf('>', _pos);
                end = gt < 0 ? s.Length : gt;
            }
            AppendAttributeText(sb, end);
            _pos = end < s.Length && s[end] == quote ? end + 1 : end;
        }
        else
        {
            ErrorOnce("attr-unquoted", _pos, $"unquoted attribute value in <{element}>");
            var end = _pos;
            while (end < s.Length && s[end] is not (' ' or '\t' or '\n' or '\r' or '>'))
            {
                if (s[end] == '/' && end + 1 < s.Length && s[end + 1] == '>')
                {
                    break;
                }
                end++;
            }
            AppendAttributeText(sb, end);
            _pos = end;
        }
        return sb.ToString();
    }

    /// <summary>Appends s[_pos..end) with references decoded and whitespace normalized, as XML attribute values are.</summary>
    private void AppendAttributeText(StringBuilder sb, int end)
    {
        var s = _s;
        while (_pos < end)
        {
            var c = s[_pos];
            if (c == '&')
            {
                ReadReference(sb, end);
                continue;
            }
            sb.Append(c is '\t' or '\n' or '\r' ? ' ' : c);
            _pos++;
        }
    }

    private void SkipWhitespace()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    /// <summary>Reads '&amp;...' at _pos into <paramref name="sb"/>: XML's five names, character references, and HTML's names as a recovery.</summary>
    private void ReadReference(StringBuilder sb, int limit = int.MaxValue)
    {
        var s = _s;
        var at = _pos;
        var end = Math.Min(limit, s.Length);
        var i = at + 1;
        if (i < end && s[i] == '#')
        {
            i++;
            var hex = i < end && s[i] is 'x' or 'X';
            if (hex)
            {
                i++;
            }
            var digitsStart = i;
            while (i < end && (hex ? char.IsAsciiHexDigit(s[i]) : char.IsAsciiDigit(s[i])) && i - digitsStart < 8)
            {
                i++;
            }
            if (i == digitsStart)
            {
                ErrorOnce("bare-amp", at, "'&' that starts no reference was read as text");
                sb.Append('&');
                _pos = at + 1;
                return;
            }
            var value = int.Parse(s.AsSpan(digitsStart, i - digitsStart), hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture);
            if (i < end && s[i] == ';')
            {
                i++;
            }
            else
            {
                ErrorOnce("charref-semicolon", at, "character reference without ';'");
            }
            AppendCodePoint(sb, value, at);
            _pos = i;
            return;
        }
        var nameStart = i;
        while (i < end && i - nameStart < 40 && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '-' or '.' or ':'))
        {
            i++;
        }
        if (i == nameStart || i >= end || s[i] != ';')
        {
            ErrorOnce("bare-amp", at, "'&' that starts no reference was read as text");
            sb.Append('&');
            _pos = at + 1;
            return;
        }
        var name = s.AsSpan(nameStart, i - nameStart);
        _pos = i + 1;
        switch (name)
        {
            case "amp": sb.Append('&'); return;
            case "lt": sb.Append('<'); return;
            case "gt": sb.Append('>'); return;
            case "quot": sb.Append('"'); return;
            case "apos": sb.Append('\''); return;
        }
        var nameText = name.ToString();
        var symbol = HtmlEntities.Lookup(nameText);
        if (symbol is not null)
        {
            if (_errors.FirstTime("entity:" + nameText))
            {
                Error(at, $"undeclared entity &{nameText}; read as its HTML meaning");
            }
            sb.Append(symbol);
            return;
        }
        if (_errors.FirstTime("entity:" + nameText))
        {
            Error(at, $"undefined entity &{nameText}; kept as text");
        }
        sb.Append('&').Append(nameText).Append(';');
    }

    private void AppendCodePoint(StringBuilder sb, int value, int at)
    {
        if (value is >= 0x80 and <= 0x9F)
        {
            // Feeds written on Windows use these C1 positions for windows-1252's quotes and dashes.
            sb.Append(Windows1252High[value - 0x80]);
            return;
        }
        if (value == 0 || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            ErrorOnce("charref-invalid", at, "character reference to an invalid code point replaced by U+FFFD");
            sb.Append('\uFFFD');
            return;
        }
        if (value < 0x10000)
        {
            sb.Append((char)value);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(value));
        }
    }

    private static readonly char[] Windows1252High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    private string Intern(ReadOnlySpan<char> span)
    {
        if (_nameLookup.TryGetValue(span, out var existing))
        {
            return existing;
        }
        var value = span.ToString();
        _names[value] = value;
        return value;
    }

    private string LowerKey(string local)
    {
        foreach (var c in local)
        {
            if (char.IsUpper(c))
            {
                return Intern(local.ToLowerInvariant());
            }
        }
        return local;
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c is '_' or ':';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or ':' or '-' or '.' || c > 0x7F && !char.IsWhiteSpace(c);

    private void Error(int at, string message)
    {
        if (_errors.HasRoom)
        {
            _errors.Add($"line {LineOf(at)}: {message}");
        }
        else
        {
            _errors.Add(message);
        }
    }

    private void ErrorOnce(string key, int at, string message)
    {
        if (_errors.FirstTime(key))
        {
            Error(at, message);
        }
    }

    private int LineOf(int at) => _s.AsSpan(0, Math.Min(at, _s.Length)).Count('\n') + 1;
}
