using System.Text;

namespace Ingestor.Index.Sqlite;

/// <summary>
/// Turns FTS5 snippet()/highlight() output into safe HTML. FTS5 wraps matches in two Unicode
/// noncharacters (never present in interchange text); the text is escaped first and only then are
/// the placeholders replaced by &lt;mark&gt; tags, so stored text can never inject markup.
/// </summary>
internal static class Snippets
{
    public const char Open = '\uFDD0';
    public const char Close = '\uFDD1';
    public const string Ellipsis = "…";
    public const int SnippetTokens = 24;
    public const int LeadLength = 200;

    public static bool HasMark(string? fts5Text) => fts5Text is not null && fts5Text.Contains(Open, StringComparison.Ordinal);

    /// <summary>Escapes HTML and turns placeholder pairs into balanced &lt;mark&gt; elements.</summary>
    public static string ToHtml(string fts5Text)
    {
        var sb = new StringBuilder(fts5Text.Length + 32);
        var open = false;
        foreach (var c in fts5Text)
        {
            switch (c)
            {
                case Open:
                    if (!open)
                    {
                        sb.Append("<mark>");
                        open = true;
                    }
                    break;
                case Close:
                    if (open)
                    {
                        sb.Append("</mark>");
                        open = false;
                    }
                    break;
                default:
                    AppendEscaped(sb, c);
                    break;
            }
        }
        if (open)
        {
            sb.Append("</mark>");
        }
        return sb.ToString();
    }

    /// <summary>The start of the lead paragraph (or of the body), cut at a word boundary, escaped.</summary>
    public static string Lead(string lead, string body)
    {
        var text = lead.Trim();
        if (text.Length == 0)
        {
            var end = body.IndexOf("\n\n", StringComparison.Ordinal);
            text = (end < 0 ? body : body[..end]).Trim();
        }
        if (text.Length > LeadLength)
        {
            var cut = text.LastIndexOf(' ', LeadLength);
            text = text[..(cut > LeadLength / 2 ? cut : LeadLength)].TrimEnd() + Ellipsis;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            AppendEscaped(sb, c is Open or Close ? ' ' : c);
        }
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '&': sb.Append("&amp;"); break;
            case '<': sb.Append("&lt;"); break;
            case '>': sb.Append("&gt;"); break;
            case '"': sb.Append("&quot;"); break;
            case '\'': sb.Append("&#39;"); break;
            default: sb.Append(c); break;
        }
    }
}
