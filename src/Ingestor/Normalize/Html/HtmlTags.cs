namespace Ingestor.Normalize.Html;

/// <summary>The element names the extractor treats specially; everything else is <see cref="Other"/>.</summary>
internal enum HtmlTag : byte
{
    Other,
    Text,
    Html, Head, Body, Title, Meta, Link, Base, Script, Style, Noscript, Template,
    Div, Section, Article, Main, Header, Footer, Nav, Aside, Form, Fieldset, Center, Details, Summary, Dialog,
    P, Pre, Blockquote, Address, H1, H2, H3, H4, H5, H6, Hgroup, Hr,
    Ul, Ol, Li, Dl, Dt, Dd, Menu,
    Table, Caption, Thead, Tbody, Tfoot, Tr, Td, Th,
    Figure, Figcaption, Picture, Img, Br,
    A, Span, Font, Time, Code, Em, Strong, B, I, U, Small, Sub, Sup, Mark, Cite, Q, Abbr, Label,
    Iframe, Object, Embed, Video, Audio, Svg, Math, Canvas, Input, Select, Textarea, Button, Option, Legend,
}

[Flags]
internal enum TagTraits : ushort
{
    None = 0,
    /// <summary>Starts and ends a block of text (an inline run stops at it).</summary>
    Block = 1,
    /// <summary>Dropped with its whole subtree before any analysis (scripts, media, form controls).</summary>
    Dropped = 2,
    Heading = 4,
    /// <summary>Counts as a paragraph when scoring.</summary>
    ScoredParagraph = 8,
    /// <summary>A container whose paragraphs make it a candidate for the article root.</summary>
    Container = 16,
    /// <summary>Embedded media or widgets (counted against a block when cleaning).</summary>
    Embed = 32,
    ListItem = 64,
    List = 128,
}

internal static class HtmlTags
{
    // A plain dictionary: built in microseconds, which matters to a one-page `ingestor extract`.
    private static readonly Dictionary<string, HtmlTag> ByName = Enum.GetValues<HtmlTag>()
        .Where(t => t is not (HtmlTag.Other or HtmlTag.Text))
        .ToDictionary(t => t.ToString().ToLowerInvariant(), t => t, StringComparer.Ordinal);

    private static readonly TagTraits[] TraitTable = BuildTraits();

    public static HtmlTag Parse(string localName) =>
        ByName.TryGetValue(localName, out var tag) ? tag : HtmlTag.Other;

    public static TagTraits Traits(HtmlTag tag) => TraitTable[(int)tag];

    public static bool Is(HtmlTag tag, TagTraits trait) => (TraitTable[(int)tag] & trait) != 0;

    public static bool IsHeading(HtmlTag tag) => tag is >= HtmlTag.H1 and <= HtmlTag.H6;

    private static TagTraits[] BuildTraits()
    {
        var table = new TagTraits[Enum.GetValues<HtmlTag>().Length];
        void Set(TagTraits traits, params HtmlTag[] tags)
        {
            foreach (var tag in tags)
            {
                table[(int)tag] |= traits;
            }
        }
        Set(TagTraits.Block,
            HtmlTag.Html, HtmlTag.Body, HtmlTag.Div, HtmlTag.Section, HtmlTag.Article, HtmlTag.Main, HtmlTag.Header,
            HtmlTag.Footer, HtmlTag.Nav, HtmlTag.Aside, HtmlTag.Form, HtmlTag.Fieldset, HtmlTag.Center, HtmlTag.Details,
            HtmlTag.Summary, HtmlTag.Dialog, HtmlTag.P, HtmlTag.Pre, HtmlTag.Blockquote, HtmlTag.Address, HtmlTag.H1,
            HtmlTag.H2, HtmlTag.H3, HtmlTag.H4, HtmlTag.H5, HtmlTag.H6, HtmlTag.Hgroup, HtmlTag.Hr, HtmlTag.Ul,
            HtmlTag.Ol, HtmlTag.Li, HtmlTag.Dl, HtmlTag.Dt, HtmlTag.Dd, HtmlTag.Menu, HtmlTag.Table, HtmlTag.Caption,
            HtmlTag.Thead, HtmlTag.Tbody, HtmlTag.Tfoot, HtmlTag.Tr, HtmlTag.Td, HtmlTag.Th, HtmlTag.Figure,
            HtmlTag.Figcaption, HtmlTag.Legend);
        Set(TagTraits.Dropped,
            HtmlTag.Head, HtmlTag.Title, HtmlTag.Meta, HtmlTag.Link, HtmlTag.Base, HtmlTag.Script, HtmlTag.Style,
            HtmlTag.Noscript, HtmlTag.Template, HtmlTag.Iframe, HtmlTag.Object, HtmlTag.Embed, HtmlTag.Video,
            HtmlTag.Audio, HtmlTag.Svg, HtmlTag.Canvas, HtmlTag.Input, HtmlTag.Select, HtmlTag.Textarea,
            HtmlTag.Button, HtmlTag.Option, HtmlTag.Dialog);
        Set(TagTraits.Heading, HtmlTag.H1, HtmlTag.H2, HtmlTag.H3, HtmlTag.H4, HtmlTag.H5, HtmlTag.H6);
        Set(TagTraits.ScoredParagraph, HtmlTag.P, HtmlTag.Pre, HtmlTag.Td, HtmlTag.Section, HtmlTag.H2, HtmlTag.H3,
            HtmlTag.H4, HtmlTag.H5, HtmlTag.H6);
        Set(TagTraits.Container, HtmlTag.Div, HtmlTag.Section, HtmlTag.Article, HtmlTag.Main, HtmlTag.Center,
            HtmlTag.Other, HtmlTag.Font, HtmlTag.Span, HtmlTag.Form, HtmlTag.Header, HtmlTag.Blockquote, HtmlTag.Details);
        Set(TagTraits.Embed, HtmlTag.Iframe, HtmlTag.Object, HtmlTag.Embed, HtmlTag.Video, HtmlTag.Audio);
        Set(TagTraits.ListItem, HtmlTag.Li, HtmlTag.Dt, HtmlTag.Dd);
        Set(TagTraits.List, HtmlTag.Ul, HtmlTag.Ol, HtmlTag.Dl, HtmlTag.Menu);
        return table;
    }
}
