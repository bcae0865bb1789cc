namespace Ingestor.Normalize.Html;

/// <summary>
/// What survives sanitizing. Elements and attributes are kept only when listed here; everything that can run
/// code, load active content or restyle the page around the article is absent by construction.
/// </summary>
internal static class HtmlAllowList
{
    private static HashSet<string> Set(params string[][] groups)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            set.UnionWith(group);
        }
        return set;
    }

    /// <summary>HTML elements kept with their allowed attributes.</summary>
    public static readonly HashSet<string> HtmlElements = Set(
        // text structure
        ["p", "div", "span", "br", "hr", "wbr", "pre", "blockquote", "address", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup"],
        // sections
        ["article", "aside", "section", "header", "footer", "nav", "main", "figure", "figcaption", "details", "summary", "dialog", "menu", "dir"],
        // phrasing
        ["a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "m", "mark",
         "q", "rp", "rt", "ruby", "s", "samp", "small", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"],
        // lists and tables
        ["ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"],
        // media (sources are URL-checked)
        ["img", "picture", "map", "area", "audio", "video", "source", "track", "canvas"],
        // forms: inert without scripts; action URLs are checked like links
        ["form", "fieldset", "legend", "label", "input", "button", "select", "optgroup", "option", "textarea", "datalist", "output",
         "progress", "meter", "keygen"],
        // obsolete or proprietary but inert
        ["command", "datagrid", "event-source", "multicol", "nextid", "noscript", "sound", "spacer"]);

    /// <summary>Elements dropped together with everything inside them (code, styles, inert templates).</summary>
    public static readonly HashSet<string> DroppedWithContent = Set(
        ["script", "style", "template", "head", "meta", "link", "base", "param", "frameset", "frame"]);

    /// <summary>Attributes kept on HTML elements (event handlers, style aside, are never here: style is filtered separately).</summary>
    public static readonly HashSet<string> HtmlAttributes = Set(
        // global
        ["id", "class", "title", "lang", "xml:lang", "dir", "hidden", "tabindex", "accesskey", "draggable", "contenteditable", "translate"],
        // links and media references
        ["href", "hreflang", "rel", "rev", "target", "type", "media", "ping", "charset", "src", "srcset", "sizes", "alt", "longdesc", "usemap",
         "ismap", "cite", "datetime", "lowsrc", "dynsrc", "poster", "controls", "loop", "loopcount", "loopstart", "loopend", "start", "end",
         "preload", "volume", "balance", "delay", "kind", "label", "srclang", "default", "urn", "vrml", "galleryimg", "icon"],
        // presentation
        ["align", "valign", "width", "height", "border", "hspace", "vspace", "color", "bgcolor", "face", "size", "point-size", "background",
         "bgproperties", "bordercolor", "bordercolordark", "bordercolorlight", "clear", "compact", "noshade", "nowrap", "wrap", "frame",
         "rules", "gutter", "leftspacing", "rightspacing", "toppadding", "bottompadding", "hidefocus", "unselectable", "suppress", "replace",
         "template", "variable", "open"],
        // tables
        ["summary", "abbr", "axis", "headers", "scope", "span", "colspan", "rowspan", "cellpadding", "cellspacing", "char", "charoff",
         "ch", "choff", "datafld", "datapagesize", "datasrc", "data"],
        // forms
        ["action", "method", "enctype", "accept", "accept-charset", "name", "value", "checked", "selected", "disabled", "readonly",
         "multiple", "maxlength", "min", "max", "step", "pattern", "placeholder", "required", "autocomplete", "autofocus", "for", "form",
         "list", "cols", "rows", "inputmode", "challenge", "keytype", "pqg", "prompt", "radiogroup", "repeat-max", "repeat-min",
         "high", "low", "optimum", "shape", "coords", "nohref"]);

    /// <summary>Attributes holding one URL: resolved against the base and dropped when the scheme is unsafe.</summary>
    public static readonly HashSet<string> UrlAttributes = Set(
        ["href", "src", "cite", "action", "background", "longdesc", "poster", "usemap", "lowsrc", "dynsrc", "icon", "data", "xlink:href"]);

    public static readonly HashSet<string> SvgElements = Set(
        ["svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "switch", "a", "path", "rect", "circle", "ellipse", "line",
         "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask",
         "marker", "image", "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feMerge", "feMergeNode", "feFlood",
         "feComposite"]);

    public static readonly HashSet<string> SvgAttributes = Set(
        ["id", "class", "lang", "xml:lang", "xml:space", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry",
         "fx", "fy", "d", "points", "transform", "viewBox", "preserveAspectRatio", "version", "baseProfile", "fill", "fill-opacity",
         "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
         "stroke-dasharray", "stroke-dashoffset", "opacity", "color", "display", "visibility", "overflow", "clip-path", "clip-rule", "mask",
         "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits", "orient", "refX", "refY",
         "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
         "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "font-family", "font-size",
         "font-style", "font-variant", "font-weight", "text-anchor", "text-decoration", "letter-spacing", "word-spacing",
         "dominant-baseline", "alignment-baseline", "baseline-shift", "dx", "dy", "rotate", "textLength", "lengthAdjust",
         "startOffset", "pathLength", "vector-effect", "shape-rendering", "color-rendering", "stdDeviation", "in", "in2", "result",
         "mode", "values", "operator", "k1", "k2", "k3", "k4", "flood-color", "flood-opacity", "filter", "filterUnits",
         "primitiveUnits", "xlink:href", "xlink:title", "href"]);

    public static readonly HashSet<string> MathElements = Set(
        ["math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mglyph", "mrow", "mfrac", "msqrt", "mroot", "mstyle", "merror", "mpadded",
         "mphantom", "mfenced", "menclose", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts",
         "none", "mtable", "mtr", "mtd", "mlabeledtr", "maligngroup", "malignmark", "semantics", "annotation"]);

    public static readonly HashSet<string> MathAttributes = Set(
        ["id", "class", "dir", "display", "displaystyle", "mathvariant", "mathsize", "mathcolor", "mathbackground", "scriptlevel",
         "fontstyle", "fontweight", "fontsize", "fontfamily", "color", "background", "width", "height", "depth", "lspace", "rspace",
         "linethickness", "fence", "separator", "separators", "stretchy", "symmetric", "largeop", "movablelimits", "accent",
         "accentunder", "maxsize", "minsize", "open", "close", "notation", "align", "rowalign", "columnalign", "rowlines",
         "columnlines", "rowspacing", "columnspacing", "rowspan", "columnspan", "equalrows", "equalcolumns", "frame", "framespacing",
         "encoding", "bevelled", "numalign", "denomalign", "subscriptshift", "superscriptshift", "selection", "actiontype", "other",
         "xml:lang", "xml:space"]);

    /// <summary>Block-level elements: their boundaries become spaces in plain text.</summary>
    public static readonly HashSet<string> BlockElements = Set(
        ["p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
         "tr", "td", "th", "caption", "section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption",
         "address", "details", "summary", "center", "title", "option"]);
}
