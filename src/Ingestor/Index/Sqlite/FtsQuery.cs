using System.Text;

namespace Ingestor.Index.Sqlite;

/// <summary>How a parsed query is evaluated against FTS5.</summary>
internal enum FtsQueryKind
{
    /// <summary>No query: every article.</summary>
    All,
    /// <summary>The rows matching <see cref="FtsQuery.Match"/>.</summary>
    Match,
    /// <summary>Every article except the rows matching <see cref="FtsQuery.Match"/> (a purely negative query).</summary>
    Complement,
}

/// <summary>
/// A <see cref="QueryNode"/> translated into an FTS5 MATCH expression. Every term and phrase is a quoted
/// FTS5 string, so user text can never be read as FTS5 syntax (column filters, NEAR, carets, ...).
/// </summary>
/// <param name="TitleMatch">Any positive term or phrase, run against the title-only index to rank broad queries.</param>
internal sealed record FtsQuery(FtsQueryKind Kind, string Match, string? TitleMatch)
{
    public static FtsQuery All { get; } = new(FtsQueryKind.All, "", null);

    /// <summary>Translates a parsed query; null means every article.</summary>
    /// <exception cref="QuerySyntaxException">The node tree has a shape the user syntax cannot produce (an exclusion inside OR).</exception>
    public static FtsQuery From(QueryNode? node)
    {
        if (node is null)
        {
            return All;
        }
        if (QuerySyntax.IsPurelyNegative(node))
        {
            var excluded = node is NotNode not ? [not.Child] : ((AndNode)node).Children.Select(c => ((NotNode)c).Child).ToList();
            return new FtsQuery(FtsQueryKind.Complement, Or(excluded), null);
        }
        var positives = node.PositiveTexts().Any()
            ? Or(PositiveLeaves(node).ToList())
            : null;
        return new FtsQuery(FtsQueryKind.Match, Expression(node), positives);
    }

    private static string Expression(QueryNode node)
    {
        switch (node)
        {
            case TermNode term:
                return Quote(term.Text) + (term.Prefix ? "*" : "");
            case PhraseNode phrase:
                return Quote(phrase.Text) + (phrase.Prefix ? "*" : "");
            case OrNode or:
                foreach (var child in or.Children)
                {
                    if (QuerySyntax.IsPurelyNegative(child))
                    {
                        throw new QuerySyntaxException(
                            "An exclusion (NOT or -) cannot be one side of OR; combine it with other words instead, e.g. 'gaza -football'.");
                    }
                }
                return Or(or.Children);
            case AndNode and:
            {
                var children = Flatten(and).ToList();
                var included = children.Where(c => c is not NotNode).ToList();
                var excluded = children.OfType<NotNode>().Select(n => n.Child).ToList();
                if (included.Count == 0)
                {
                    throw new QuerySyntaxException("A group of exclusions needs at least one word to search for next to it.");
                }
                var positive = included.Count == 1
                    ? Expression(included[0])
                    : "(" + string.Join(" AND ", included.Select(c => "(" + Expression(c) + ")")) + ")";
                // Or() parenthesizes groups and every leaf is a quoted string, so the NOT operand needs no extra parentheses.
                return excluded.Count == 0 ? positive : "(" + positive + " NOT " + Or(excluded) + ")";
            }
            case NotNode:
                throw new QuerySyntaxException("An exclusion (NOT or -) needs a word to search for next to it.");
            default:
                throw new QuerySyntaxException("The query has a part this engine cannot search.");
        }
    }

    private static IEnumerable<QueryNode> Flatten(AndNode and) =>
        and.Children.SelectMany(c => c is AndNode inner ? Flatten(inner) : [c]);

    private static string Or(IReadOnlyList<QueryNode> nodes) =>
        nodes.Count == 1 ? Expression(nodes[0]) : "(" + string.Join(" OR ", nodes.Select(c => "(" + Expression(c) + ")")) + ")";

    /// <summary>The terms and phrases that make a row match (not those under an exclusion).</summary>
    private static IEnumerable<QueryNode> PositiveLeaves(QueryNode node) => node switch
    {
        TermNode or PhraseNode => [node],
        AndNode a => a.Children.SelectMany(PositiveLeaves),
        OrNode o => o.Children.SelectMany(PositiveLeaves),
        _ => [],
    };

    /// <summary>
    /// An FTS5 string literal. Control characters become spaces: FTS5 reads the expression as a C string,
    /// so an embedded NUL would end it early ("unterminated string").
    /// </summary>
    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var c in text)
        {
            if (c == '"')
            {
                sb.Append("\"\"");
            }
            else
            {
                sb.Append(char.IsControl(c) ? ' ' : c);
            }
        }
        sb.Append('"');
        return sb.ToString();
    }
}
