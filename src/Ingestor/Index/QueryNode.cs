using System.Text;

namespace Ingestor.Index;

/// <summary>
/// The parsed form of the user query syntax (words, "phrases", AND/OR/NOT, -exclude, prefix*),
/// which each engine translates into its own language (FTS5 MATCH, simple_query_string).
/// </summary>
public abstract record QueryNode
{
    /// <summary>The query written back in the user syntax, fully parenthesized where needed.</summary>
    public abstract string ToSyntax();

    /// <summary>Every term and phrase text in the query, excluding negated parts.</summary>
    public IEnumerable<string> PositiveTexts() => this switch
    {
        TermNode t => [t.Text],
        PhraseNode p => [p.Text],
        AndNode a => a.Children.SelectMany(c => c.PositiveTexts()),
        OrNode o => o.Children.SelectMany(c => c.PositiveTexts()),
        _ => [],
    };
}

/// <summary>A single word, optionally a prefix (<c>summ*</c>).</summary>
public sealed record TermNode(string Text, bool Prefix = false) : QueryNode
{
    public override string ToSyntax()
    {
        // A word that reads as an operator ("NOT--" keeps only "NOT") prints in lower case, an ordinary word;
        // one that would read back as something else (brackets, stars inside) prints as a phrase.
        var word = Text is "AND" or "OR" or "NOT" ? Text.ToLowerInvariant() : Text;
        var bare = Prefix ? word + "*" : word;
        return ReadsBack(bare) ? bare : "\"" + Text + "\"" + (Prefix ? "*" : "");
    }

    private bool ReadsBack(string syntax)
    {
        try
        {
            return QuerySyntax.Parse(syntax) is TermNode t && t.Prefix == Prefix && string.Equals(t.Text, Text, StringComparison.OrdinalIgnoreCase);
        }
        catch (QuerySyntaxException)
        {
            return false;
        }
    }
}

/// <summary>Words that must appear next to each other, in order.</summary>
public sealed record PhraseNode(string Text, bool Prefix = false) : QueryNode
{
    public override string ToSyntax() => "\"" + Text + "\"" + (Prefix ? "*" : "");
}

public sealed record AndNode(IReadOnlyList<QueryNode> Children) : QueryNode
{
    public override string ToSyntax() => Join(Children, " ");

    internal static string Join(IReadOnlyList<QueryNode> children, string separator)
    {
        var sb = new StringBuilder();
        foreach (var child in children)
        {
            if (sb.Length > 0)
            {
                sb.Append(separator);
            }
            var text = child.ToSyntax();
            sb.Append(child is OrNode || (child is AndNode && separator != " ") ? "(" + text + ")" : text);
        }
        return sb.ToString();
    }
}

public sealed record OrNode(IReadOnlyList<QueryNode> Children) : QueryNode
{
    public override string ToSyntax() => AndNode.Join(Children, " OR ");
}

/// <summary>Excludes what its child matches; only valid as a part of an AND (or the whole query).</summary>
public sealed record NotNode(QueryNode Child) : QueryNode
{
    public override string ToSyntax() =>
        "-" + (Child is TermNode or PhraseNode ? Child.ToSyntax() : "(" + Child.ToSyntax() + ")");
}
