using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using AngleSharp;
using AngleSharp.Common;
using AngleSharp.Dom;
using AngleSharp.Html.Construction;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;
using DomFlags = AngleSharp.Dom.NodeFlags;

namespace Ingestor.Normalize.Html;

/// <summary>
/// A minimal node store that AngleSharp's HTML5 tree builder fills instead of its full DOM: the same
/// tree construction (implied tags, misnesting, foster parenting by name, the depth cap), but each
/// element is one small object with only the attributes the extractor reads. AngleSharp's DOM
/// objects (attribute maps, URL and frame handling, per-element services) were most of the parse cost.
/// </summary>
internal static class LightDom
{
    private static readonly LightDomFactory Factory = new();

    /// <summary>A parser that builds light nodes; it keeps no per-document state, so one serves every thread.</summary>
    public static HtmlParser CreateParser(HtmlParserOptions options) =>
        new(options, BrowsingContext.New(AngleSharp.Configuration.Default.With(Factory)));

    /// <summary>Parses a page with AngleSharp's tree construction into light nodes; falls back to AngleSharp's own DOM if that fails.</summary>
    public static LightDocument Parse(HtmlParser parser, string html)
    {
        try
        {
            return parser.ParseDocument<LightDocument, LightElement>(new TextSource(new ReadOnlyMemoryTextSource(html.AsMemory())));
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // The tree builder checks a few element types by class (tables for foster parenting, templates); should any
            // markup reach a path that needs AngleSharp's own elements, its full DOM gives the same tree.
            using var document = new HtmlParser(parser.Options).ParseDocument(html);
            return LightDocument.From(document);
        }
    }

    /// <summary>Attributes kept on elements: those the extractor and the tree builder read. The rest are never stored.</summary>
    internal static string? KeptAttribute(ReadOnlySpan<char> name)
    {
        foreach (var kept in KeptAttributes)
        {
            if (name.SequenceEqual(kept))
            {
                return kept;
            }
        }
        return null;
    }

    private static readonly string[] KeptAttributes =
    [
        "class", "id", "href", "rel", "role", "style", "itemprop", "content", "name", "property", "datetime", "data-datetime",
        "pubdate", "lang", "xml:lang", "hidden", "aria-hidden", "http-equiv", "charset", "summary", "datatable",
        "type", "action", "prompt", "encoding",
    ];
}

/// <summary>Base of the light nodes: parent and children, as AngleSharp's tree builder moves them.</summary>
internal abstract class LightNode : IConstructableNode, IConstructableNodeList
{
    private LightNode[] _children = [];
    private int _count;

    public LightNode? ParentNode { get; private set; }

    public int ChildCount => _count;

    public LightNode Child(int index) => _children[index];

    public abstract StringOrMemory NodeName { get; }

    public virtual DomFlags Flags => DomFlags.None;

    IConstructableNode? IConstructableNode.Parent
    {
        get => ParentNode;
        set => ParentNode = (LightNode?)value;
    }

    IConstructableNodeList IConstructableNode.ChildNodes => this;

    IConstructableNode IConstructableNodeList.this[int index] => _children[index];

    int IConstructableNodeList.Length => _count;

    void IConstructableNodeList.Clear()
    {
        Array.Clear(_children, 0, _count);
        _count = 0;
    }

    IEnumerator<IConstructableNode> IEnumerable<IConstructableNode>.GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _children[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<IConstructableNode>)this).GetEnumerator();

    public void RemoveFromParent() => ParentNode?.RemoveChild(this);

    public void RemoveChild(IConstructableNode childNode)
    {
        var index = Array.IndexOf(_children, childNode, 0, _count);
        if (index >= 0)
        {
            RemoveAt(index);
        }
    }

    public void RemoveNode(int idx, IConstructableNode childNode)
    {
        if (idx >= 0 && idx < _count && ReferenceEquals(_children[idx], childNode))
        {
            RemoveAt(idx);
        }
        else
        {
            RemoveChild(childNode);
        }
    }

    public void InsertNode(int idx, IConstructableNode childNode)
    {
        var node = (LightNode)childNode;
        node.ParentNode = this;
        EnsureRoom();
        idx = Math.Clamp(idx, 0, _count);
        Array.Copy(_children, idx, _children, idx + 1, _count - idx);
        _children[idx] = node;
        _count++;
    }

    public virtual void AddNode(IConstructableNode node)
    {
        var light = (LightNode)node;
        light.ParentNode = this;
        EnsureRoom();
        _children[_count++] = light;
    }

    // Whitespace-only text is kept whatever the builder asks (its generic path asks to drop it): AngleSharp's own
    // DOM keeps it, and it separates words ("third-party <a>requests</a>").
    public void AppendText(StringOrMemory text, bool emitWhiteSpaceOnly = false)
    {
        if (_count > 0 && _children[_count - 1] is LightText last)
        {
            last.Append(text.Memory.Span);
        }
        else
        {
            AddNode(new LightText(text.ToString()));
        }
    }

    public void InsertText(int idx, StringOrMemory text, bool emitWhiteSpaceOnly = false)
    {
        if (idx > 0 && idx <= _count && _children[idx - 1] is LightText before)
        {
            before.Append(text.Memory.Span);
        }
        else if (idx >= 0 && idx < _count && _children[idx] is LightText after)
        {
            after.Prepend(text.Memory.Span);
        }
        else
        {
            InsertNode(idx, new LightText(text.ToString()));
        }
    }

    private void RemoveAt(int index)
    {
        var node = _children[index];
        _count--;
        Array.Copy(_children, index + 1, _children, index, _count - index);
        _children[_count] = null!;
        node.ParentNode = null;
    }

    private void EnsureRoom()
    {
        if (_count == _children.Length)
        {
            Array.Resize(ref _children, Math.Max(4, _count * 2));
        }
    }
}

/// <summary>A run of text.</summary>
internal sealed class LightText(string data) : LightNode
{
    private string _data = data;
    private StringBuilder? _more;

    public string Data => _more is null ? _data : (_data = _more.ToString());

    public override StringOrMemory NodeName => "#text";

    public void Append(ReadOnlySpan<char> text) => (_more ??= new StringBuilder(_data)).Append(text);

    public void Prepend(ReadOnlySpan<char> text)
    {
        _more ??= new StringBuilder(_data);
        _more.Insert(0, text);
    }
}

/// <summary>A doctype (kept only because the tree builder adds one).</summary>
internal sealed class LightDocumentType : LightNode
{
    public override StringOrMemory NodeName => "!doctype";
}

/// <summary>An element: its name, namespace, the parser's flags for its kind, and the attributes the extractor reads.</summary>
internal class LightElement(string localName, string namespaceUri, DomFlags flags, HtmlTag tag) : LightNode,
    IConstructableElement, IConstructableNamedNodeMap
{
    private string[]? _names;
    private string[]? _values;
    private int _attributeCount;

    public string LocalName { get; } = localName;

    public string NamespaceUri { get; } = namespaceUri;

    public HtmlTag Tag { get; } = tag;

    public override DomFlags Flags { get; } = flags;

    public override StringOrMemory NodeName => LocalName;

    public int AttributeCount => _attributeCount;

    public string AttributeName(int index) => _names![index];

    public string AttributeValue(int index) => _values![index];

    /// <summary>The attribute's value, or null when absent (only kept attributes are stored).</summary>
    public string? GetAttribute(string name)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            if (ReferenceEquals(_names![i], name) || _names[i] == name)
            {
                return _values![i];
            }
        }
        return null;
    }

    /// <summary>The text of the element's descendants in document order.</summary>
    public string TextContent
    {
        get
        {
            var text = new StringBuilder();
            var stack = new Stack<(LightNode Node, int Next)>();
            stack.Push((this, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next >= node.ChildCount)
                {
                    continue;
                }
                stack.Push((node, next + 1));
                var child = node.Child(next);
                if (child is LightText t)
                {
                    text.Append(t.Data);
                }
                else
                {
                    stack.Push((child, 0));
                }
            }
            return text.ToString();
        }
    }

    public void Set(string name, string value)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            if (_names![i] == name)
            {
                _values![i] = value;
                return;
            }
        }
        if (_names is null || _attributeCount == _names.Length)
        {
            Array.Resize(ref _names, _attributeCount + 2);
            Array.Resize(ref _values, _attributeCount + 2);
        }
        _names[_attributeCount] = name;
        _values![_attributeCount++] = value;
    }

    StringOrMemory IConstructableElement.NamespaceUri => NamespaceUri;

    StringOrMemory IConstructableElement.LocalName => LocalName;

    StringOrMemory IConstructableElement.Prefix => StringOrMemory.Empty;

    IConstructableNamedNodeMap IConstructableElement.Attributes => this;

    public ISourceReference? SourceReference { get; set; }

    void IConstructableElement.SetAttribute(string? namespaceUri, StringOrMemory name, StringOrMemory value)
    {
        if (LightDom.KeptAttribute(name.Memory.Span) is { } kept)
        {
            Set(kept, value.ToString());
        }
    }

    void IConstructableElement.SetOwnAttribute(StringOrMemory name, StringOrMemory value) =>
        ((IConstructableElement)this).SetAttribute(null, name, value);

    StringOrMemory IConstructableElement.GetAttribute(StringOrMemory namespaceUri, StringOrMemory localName)
    {
        var span = localName.Memory.Span;
        for (var i = 0; i < _attributeCount; i++)
        {
            if (span.SequenceEqual(_names![i]))
            {
                return _values![i];
            }
        }
        return StringOrMemory.Empty;
    }

    void IConstructableElement.SetAttributes(StructAttributes tagAttributes)
    {
        for (var i = 0; i < tagAttributes.Count; i++)
        {
            var attribute = tagAttributes[i];
            // The first of duplicate attributes wins, as in the HTML tokenizer.
            if (LightDom.KeptAttribute(attribute.Name.Memory.Span) is { } kept && GetAttribute(kept) is null)
            {
                Set(kept, attribute.Value.ToString());
            }
        }
    }

    bool IConstructableElement.HasAttribute(StringOrMemory name)
    {
        var span = name.Memory.Span;
        for (var i = 0; i < _attributeCount; i++)
        {
            if (span.SequenceEqual(_names![i]))
            {
                return true;
            }
        }
        return false;
    }

    void IConstructableElement.SetupElement()
    {
    }

    void IConstructableElement.AddComment(ref StructHtmlToken token)
    {
    }

    IConstructableNode IConstructableElement.ShallowCopy()
    {
        var copy = new LightElement(LocalName, NamespaceUri, Flags, Tag);
        for (var i = 0; i < _attributeCount; i++)
        {
            copy.Set(_names![i], _values![i]);
        }
        return copy;
    }

    IConstructableAttr? IConstructableNamedNodeMap.this[StringOrMemory name]
    {
        get
        {
            var span = name.Memory.Span;
            for (var i = 0; i < _attributeCount; i++)
            {
                if (span.SequenceEqual(_names![i]))
                {
                    return new LightAttr(_names[i], _values![i]);
                }
            }
            return null;
        }
    }

    int IConstructableNamedNodeMap.Length => _attributeCount;

    bool IConstructableNamedNodeMap.SameAs(IConstructableNamedNodeMap? attributes)
    {
        if (attributes is not LightElement other || other._attributeCount != _attributeCount)
        {
            return false;
        }
        for (var i = 0; i < _attributeCount; i++)
        {
            if (other.GetAttribute(_names![i]) != _values![i])
            {
                return false;
            }
        }
        return true;
    }

    private sealed class LightAttr(string name, string value) : IConstructableAttr
    {
        public StringOrMemory Name => name;

        public StringOrMemory Value { get; set; } = value;
    }
}

// The tree builder tells these kinds apart by interface (a script's end tag runs it, a template scopes, a form is
// remembered), so each gets its own class and a plain element implements none of them.

internal sealed class LightMeta(string name, DomFlags flags) : LightElement(name, NamespaceNames.HtmlUri, flags, HtmlTag.Meta), IConstructableMetaElement
{
    void IConstructableMetaElement.Handle()
    {
    }
}

internal sealed class LightScript(string name, DomFlags flags) : LightElement(name, NamespaceNames.HtmlUri, flags, HtmlTag.Script), IConstructableScriptElement
{
    Task IConstructableScriptElement.RunAsync(CancellationToken cancel) => Task.CompletedTask;

    bool IConstructableScriptElement.Prepare(IConstructableDocument document) => false;
}

internal sealed class LightFrame(string name, DomFlags flags, HtmlTag tag) : LightElement(name, NamespaceNames.HtmlUri, flags, tag), IConstructableFrameElement;

internal sealed class LightTemplate(string name, DomFlags flags) : LightElement(name, NamespaceNames.HtmlUri, flags, HtmlTag.Template), IConstructableTemplateElement
{
    void IConstructableTemplateElement.PopulateFragment()
    {
    }
}

internal sealed class LightForm(string name, DomFlags flags, HtmlTag tag) : LightElement(name, NamespaceNames.HtmlUri, flags, tag), IConstructableFormElement;

internal sealed class LightMath(string name, DomFlags flags, HtmlTag tag) : LightElement(name, NamespaceNames.MathMlUri, flags, tag), IConstructableMathElement;

internal sealed class LightSvg(string name, DomFlags flags, HtmlTag tag) : LightElement(name, NamespaceNames.SvgUri, flags, tag), IConstructableSvgElement;

/// <summary>The document: the root of the light nodes.</summary>
internal sealed class LightDocument(TextSource source) : LightNode, IConstructableDocument
{
    public override StringOrMemory NodeName => "#document";

    public LightElement? Root
    {
        get
        {
            for (var i = 0; i < ChildCount; i++)
            {
                if (Child(i) is LightElement element)
                {
                    return element;
                }
            }
            return null;
        }
    }

    public override void AddNode(IConstructableNode node)
    {
        // Foster parenting checks for AngleSharp's table element class, so content misplaced in a table would land
        // after <html>: keep it in the page, at the end of the body.
        if (node is LightElement && Root is { } root)
        {
            var body = root;
            for (var i = root.ChildCount - 1; i >= 0; i--)
            {
                if (root.Child(i) is LightElement { Tag: HtmlTag.Body } element)
                {
                    body = element;
                    break;
                }
            }
            body.AddNode(node);
            return;
        }
        base.AddNode(node);
    }

    TextSource IConstructableDocument.Source => source;

    IDisposable? IConstructableDocument.Builder { get; set; }

    QuirksMode IConstructableDocument.QuirksMode { get; set; }

    IConstructableElement? IConstructableDocument.Head
    {
        get
        {
            var root = Root;
            if (root is null)
            {
                return null;
            }
            for (var i = 0; i < root.ChildCount; i++)
            {
                if (root.Child(i) is LightElement { Tag: HtmlTag.Head } head)
                {
                    return head;
                }
            }
            return null;
        }
    }

    IConstructableElement IConstructableDocument.DocumentElement => Root!;

    bool IConstructableDocument.IsLoading => false;

    void IConstructableDocument.PerformMicrotaskCheckpoint()
    {
    }

    void IConstructableDocument.ProvideStableState()
    {
    }

    void IConstructableDocument.AddComment(ref StructHtmlToken token)
    {
    }

    void IConstructableDocument.TrackError(Exception exception)
    {
    }

    Task IConstructableDocument.WaitForReadyAsync(CancellationToken cancelToken) => Task.CompletedTask;

    Task IConstructableDocument.FinishLoadingAsync() => Task.CompletedTask;

    void IConstructableDocument.ApplyManifest()
    {
    }

    void IConstructableDocument.Clear() => ((IConstructableNodeList)this).Clear();

    /// <summary>A copy of an AngleSharp document as light nodes (the fallback path).</summary>
    public static LightDocument From(IDocument document)
    {
        var result = new LightDocument(new TextSource(string.Empty));
        if (document.DocumentElement is not { } root)
        {
            return result;
        }
        var stack = new Stack<(INode Source, LightNode Target)>();
        var rootCopy = Copy(root);
        result.AddNode(rootCopy);
        stack.Push((root, rootCopy));
        while (stack.Count > 0)
        {
            var (source, target) = stack.Pop();
            foreach (var child in source.ChildNodes)
            {
                if (child is IText text)
                {
                    target.AddNode(new LightText(text.Data));
                }
                else if (child is IElement element)
                {
                    var copy = Copy(element);
                    target.AddNode(copy);
                    stack.Push((element, copy));
                }
            }
        }
        return result;

        static LightElement Copy(IElement element)
        {
            var (name, flags, tag) = LightDomFactory.Kind(element.NamespaceUri ?? NamespaceNames.HtmlUri, element.LocalName);
            var copy = new LightElement(name, element.NamespaceUri ?? NamespaceNames.HtmlUri, flags, tag);
            foreach (var attribute in element.Attributes)
            {
                if (LightDom.KeptAttribute(attribute.Name) is { } kept && copy.GetAttribute(kept) is null)
                {
                    copy.Set(kept, attribute.Value);
                }
            }
            return copy;
        }
    }
}

/// <summary>Creates light nodes for AngleSharp's tree builder, with the parser flags AngleSharp's own element of that name has.</summary>
internal sealed class LightDomFactory : IDomConstructionElementFactory<LightDocument, LightElement>
{
    private const int MaxCachedNames = 4096;

    private static readonly ConcurrentDictionary<string, (string Name, DomFlags Flags, HtmlTag Tag)> HtmlKinds = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (string Name, DomFlags Flags, HtmlTag Tag)> SvgKinds = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (string Name, DomFlags Flags, HtmlTag Tag)> MathKinds = new(StringComparer.Ordinal);
    private static readonly Lock FlagsLock = new();
    private static IDocument? _flagsDocument;

    /// <summary>Interned name, parser flags and tag of an element name in a namespace.</summary>
    public static (string Name, DomFlags Flags, HtmlTag Tag) Kind(string namespaceUri, ReadOnlySpan<char> localName)
    {
        var kinds = namespaceUri == NamespaceNames.SvgUri ? SvgKinds : namespaceUri == NamespaceNames.MathMlUri ? MathKinds : HtmlKinds;
        var lookup = kinds.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(localName, out var kind))
        {
            return kind;
        }
        var name = localName.ToString();
        // The namespace flag decides foreign content in the tree builder, so it is set even when the DOM rejects the name.
        var member = kinds == SvgKinds ? DomFlags.SvgMember : kinds == MathKinds ? DomFlags.MathMember : DomFlags.HtmlMember;
        kind = (name, FlagsOf(namespaceUri, name) | member, HtmlTags.Parse(name));
        if (kinds.Count < MaxCachedNames)
        {
            kinds.TryAdd(name, kind);
        }
        return kind;
    }

    /// <summary>The flags AngleSharp's own element gets (special, scoping, formatting, ...): the tree builder's rules read them.</summary>
    private static DomFlags FlagsOf(string namespaceUri, string name)
    {
        lock (FlagsLock)
        {
            try
            {
                _flagsDocument ??= new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(string.Empty);
                var element = namespaceUri == NamespaceNames.HtmlUri
                    ? _flagsDocument.CreateElement(name)
                    : _flagsDocument.CreateElement(namespaceUri, name);
                return element.Flags;
            }
            catch (DomException)
            {
                // Not a valid element name for the DOM API (the tokenizer accepts more): an unknown element has no flags.
                return DomFlags.None;
            }
        }
    }

    private static LightElement New(string namespaceUri, ReadOnlySpan<char> localName, DomFlags extra = DomFlags.None)
    {
        var (name, flags, tag) = Kind(namespaceUri, localName);
        return new LightElement(name, namespaceUri, flags | extra, tag);
    }

    public LightElement Create(LightDocument document, StringOrMemory localName, StringOrMemory prefix = default, DomFlags flags = DomFlags.None) =>
        New(NamespaceNames.HtmlUri, localName.Memory.Span, flags);

    public LightElement CreateNoScript(LightDocument document, bool scripting) => New(NamespaceNames.HtmlUri, TagNames.NoScript);

    public IConstructableNode CreateDocumentType(LightDocument document, StringOrMemory name, StringOrMemory publicIdentifier, StringOrMemory systemIdentifier) =>
        new LightDocumentType();

    public IConstructableMathElement CreateMath(LightDocument document, StringOrMemory name = default)
    {
        var (localName, flags, tag) = Kind(NamespaceNames.MathMlUri, name.IsNullOrEmpty ? TagNames.Math : name.Memory.Span);
        return new LightMath(localName, flags, tag);
    }

    public IConstructableSvgElement CreateSvg(LightDocument document, StringOrMemory name = default)
    {
        var (localName, flags, tag) = Kind(NamespaceNames.SvgUri, name.IsNullOrEmpty ? TagNames.Svg : name.Memory.Span);
        return new LightSvg(localName, flags, tag);
    }

    public IConstructableMetaElement CreateMeta(LightDocument document)
    {
        var (name, flags, _) = Kind(NamespaceNames.HtmlUri, TagNames.Meta);
        return new LightMeta(name, flags);
    }

    public IConstructableScriptElement CreateScript(LightDocument document, bool parserInserted, bool started)
    {
        var (name, flags, _) = Kind(NamespaceNames.HtmlUri, TagNames.Script);
        return new LightScript(name, flags);
    }

    public IConstructableFrameElement CreateFrame(LightDocument document)
    {
        var (name, flags, tag) = Kind(NamespaceNames.HtmlUri, TagNames.Frame);
        return new LightFrame(name, flags, tag);
    }

    public IConstructableTemplateElement CreateTemplate(LightDocument document)
    {
        var (name, flags, _) = Kind(NamespaceNames.HtmlUri, TagNames.Template);
        return new LightTemplate(name, flags);
    }

    public IConstructableFormElement CreateForm(LightDocument document)
    {
        var (name, flags, tag) = Kind(NamespaceNames.HtmlUri, TagNames.Form);
        return new LightForm(name, flags, tag);
    }

    public LightElement CreateUnknown(LightDocument document, StringOrMemory tagName) => New(NamespaceNames.HtmlUri, tagName.Memory.Span);

    public LightDocument CreateDocument(TextSource source, IBrowsingContext? context = null) => new(source);
}
