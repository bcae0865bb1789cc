namespace Ingestor.Index;

/// <summary>A query the user wrote that cannot be searched; the message says why, for a 400.</summary>
public sealed class QuerySyntaxException(string message) : Exception(message);

/// <summary>
/// Parses the user query syntax:
/// <c>words</c> (all must match), <c>"exact phrases"</c>, <c>AND</c>, <c>OR</c>, <c>NOT</c>,
/// <c>-exclude</c>, <c>prefix*</c> and parentheses. Operators are upper case; lower-case
/// "and"/"or"/"not" are ordinary words.
/// </summary>
public static class QuerySyntax
{
    public const int MaxLength = 1000;
    public const int MaxTerms = 64;
    public const int MaxDepth = 16;

    /// <summary>Parses a query; null or blank means "match everything" and returns null.</summary>
    /// <exception cref="QuerySyntaxException">The query is malformed; the message is meant for the user.</exception>
    public static QueryNode? Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }
        if (query.Length > MaxLength)
        {
            throw new QuerySyntaxException($"The query is longer than {MaxLength} characters.");
        }
        var tokens = Tokenize(query);
        if (tokens.Count == 0)
        {
            throw new QuerySyntaxException("The query has no searchable words.");
        }
        if (tokens.Count(t => t.Kind is TokenKind.Word or TokenKind.Phrase) > MaxTerms)
        {
            throw new QuerySyntaxException($"The query has more than {MaxTerms} words and phrases.");
        }
        var parser = new Parser(tokens);
        var node = parser.ParseQuery();
        Validate(node, insideOr: false);
        return node;
    }

    /// <summary>True when the node excludes only, matching "everything except".</summary>
    public static bool IsPurelyNegative(QueryNode node) => node switch
    {
        NotNode => true,
        AndNode a => a.Children.All(c => c is NotNode),
        _ => false,
    };

    private static void Validate(QueryNode node, bool insideOr)
    {
        switch (node)
        {
            case NotNode not:
                if (insideOr)
                {
                    throw new QuerySyntaxException(
                        "An exclusion (NOT or -) cannot be one side of OR; combine it with other words instead, e.g. 'gaza -football'.");
                }
                Validate(not.Child, insideOr: false);
                break;
            case OrNode or:
                foreach (var child in or.Children)
                {
                    if (IsPurelyNegative(child))
                    {
                        throw new QuerySyntaxException(
                            "An exclusion (NOT or -) cannot be one side of OR; combine it with other words instead, e.g. 'gaza -football'.");
                    }
                    Validate(child, insideOr: true);
                }
                break;
            case AndNode and:
                foreach (var child in and.Children)
                {
                    Validate(child, insideOr: false);
                }
                break;
        }
    }

    private enum TokenKind
    {
        Word,
        Phrase,
        And,
        Or,
        Not,
        Minus,
        Open,
        Close,
    }

    private readonly record struct Token(TokenKind Kind, string Text, bool Prefix, int Position);

    private static List<Token> Tokenize(string query)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                i++;
                continue;
            }
            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.Open, "(", false, i++));
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.Close, ")", false, i++));
                    continue;
                case '"' or '\u201C' or '\u201D':
                {
                    var start = i++;
                    var end = query.IndexOfAny(['"', '\u201C', '\u201D'], i);
                    if (end < 0)
                    {
                        throw new QuerySyntaxException($"The quote at position {start + 1} is never closed.");
                    }
                    var text = CleanPhrase(query[i..end]);
                    i = end + 1;
                    var prefix = i < query.Length && query[i] == '*';
                    if (prefix)
                    {
                        i++;
                    }
                    if (text.Length > 0)
                    {
                        tokens.Add(new Token(TokenKind.Phrase, text, prefix, start));
                    }
                    else if (tokens.Count > 0 && tokens[^1].Kind == TokenKind.Minus)
                    {
                        tokens.RemoveAt(tokens.Count - 1);
                    }
                    continue;
                }
                case '-' when i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]) &&
                              (tokens.Count == 0 || i == 0 || char.IsWhiteSpace(query[i - 1]) || query[i - 1] == '('):
                    tokens.Add(new Token(TokenKind.Minus, "-", false, i++));
                    continue;
                case '+' when i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]):
                    i++; // "+word" is the default (required) anyway
                    continue;
            }

            var wordStart = i;
            while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] is not ('(' or ')' or '"' or '\u201C' or '\u201D'))
            {
                i++;
            }
            var raw = query[wordStart..i];
            switch (raw)
            {
                case "AND" or "&&":
                    tokens.Add(new Token(TokenKind.And, raw, false, wordStart));
                    continue;
                case "OR" or "||" or "|":
                    tokens.Add(new Token(TokenKind.Or, raw, false, wordStart));
                    continue;
                case "NOT":
                    tokens.Add(new Token(TokenKind.Not, raw, false, wordStart));
                    continue;
            }
            var isPrefix = raw.EndsWith('*');
            var word = CleanWord(raw.TrimEnd('*'));
            if (word.Length == 0)
            {
                if (isPrefix && raw.Trim('*').Length == 0)
                {
                    throw new QuerySyntaxException($"A prefix search needs letters before the '*' (position {wordStart + 1}).");
                }
                // Pure punctuation ("—", "&") carries nothing searchable; drop it and a dangling minus.
                if (tokens.Count > 0 && tokens[^1].Kind == TokenKind.Minus)
                {
                    tokens.RemoveAt(tokens.Count - 1);
                }
                continue;
            }
            tokens.Add(new Token(TokenKind.Word, word, isPrefix, wordStart));
        }
        return tokens;
    }

    /// <summary>Trims punctuation that cannot be part of a searchable token from a word's ends.</summary>
    private static string CleanWord(string raw)
    {
        var start = 0;
        var end = raw.Length;
        while (start < end && !char.IsLetterOrDigit(raw[start]))
        {
            start++;
        }
        while (end > start && !char.IsLetterOrDigit(raw[end - 1]))
        {
            end--;
        }
        return raw[start..end];
    }

    private static string CleanPhrase(string raw) =>
        string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(CleanWord)
            .Where(w => w.Length > 0));

    private sealed class Parser(List<Token> tokens)
    {
        private int _position;
        private int _depth;

        public QueryNode ParseQuery()
        {
            var node = ParseOr();
            if (_position < tokens.Count)
            {
                var token = tokens[_position];
                throw new QuerySyntaxException(token.Kind == TokenKind.Close
                    ? $"The ')' at position {token.Position + 1} has no matching '('."
                    : $"Unexpected '{token.Text}' at position {token.Position + 1}.");
            }
            return node;
        }

        private Token? Peek => _position < tokens.Count ? tokens[_position] : null;

        private QueryNode ParseOr()
        {
            var children = new List<QueryNode> { ParseAnd() };
            while (Peek is { Kind: TokenKind.Or } or)
            {
                _position++;
                if (Peek is null or { Kind: TokenKind.Close or TokenKind.Or or TokenKind.And })
                {
                    throw new QuerySyntaxException($"OR at position {or.Position + 1} needs something to search on its right.");
                }
                children.Add(ParseAnd());
            }
            return children.Count == 1 ? children[0] : new OrNode(children);
        }

        private QueryNode ParseAnd()
        {
            var children = new List<QueryNode>();
            while (Peek is { } token && token.Kind is not (TokenKind.Or or TokenKind.Close))
            {
                if (token.Kind == TokenKind.And)
                {
                    if (children.Count == 0)
                    {
                        throw new QuerySyntaxException($"AND at position {token.Position + 1} needs something to search on its left.");
                    }
                    _position++;
                    if (Peek is null or { Kind: TokenKind.Close or TokenKind.Or or TokenKind.And })
                    {
                        throw new QuerySyntaxException($"AND at position {token.Position + 1} needs something to search on its right.");
                    }
                    continue;
                }
                children.Add(ParseUnary());
            }
            if (children.Count == 0)
            {
                var at = Peek;
                throw new QuerySyntaxException(at is null
                    ? "The query ends where a word was expected."
                    : $"Expected a word before '{at.Value.Text}' at position {at.Value.Position + 1}.");
            }
            return children.Count == 1 ? children[0] : new AndNode(Flatten(children));
        }

        private static List<QueryNode> Flatten(List<QueryNode> children) =>
            children.SelectMany(c => c is AndNode a ? a.Children : [c]).ToList();

        private QueryNode ParseUnary()
        {
            var token = Peek!.Value;
            if (token.Kind is TokenKind.Not or TokenKind.Minus)
            {
                _position++;
                if (Peek is null or { Kind: TokenKind.Close or TokenKind.Or or TokenKind.And or TokenKind.Not or TokenKind.Minus })
                {
                    throw new QuerySyntaxException($"'{token.Text}' at position {token.Position + 1} must be followed by a word, phrase or group to exclude.");
                }
                var child = ParsePrimary();
                if (IsPurelyNegative(child))
                {
                    throw new QuerySyntaxException($"Excluding an exclusion at position {token.Position + 1} is not supported.");
                }
                return new NotNode(child);
            }
            return ParsePrimary();
        }

        private QueryNode ParsePrimary()
        {
            var token = Peek!.Value;
            _position++;
            switch (token.Kind)
            {
                case TokenKind.Word:
                    return new TermNode(token.Text, token.Prefix);
                case TokenKind.Phrase:
                    return token.Text.Contains(' ', StringComparison.Ordinal)
                        ? new PhraseNode(token.Text, token.Prefix)
                        : new TermNode(token.Text, token.Prefix);
                case TokenKind.Open:
                {
                    if (++_depth > MaxDepth)
                    {
                        throw new QuerySyntaxException($"Parentheses are nested deeper than {MaxDepth} levels.");
                    }
                    if (Peek is { Kind: TokenKind.Close })
                    {
                        throw new QuerySyntaxException($"The parentheses at position {token.Position + 1} are empty.");
                    }
                    var inner = ParseOr();
                    if (Peek is not { Kind: TokenKind.Close })
                    {
                        throw new QuerySyntaxException($"The '(' at position {token.Position + 1} is never closed.");
                    }
                    _position++;
                    _depth--;
                    return inner;
                }
                default:
                    throw new QuerySyntaxException($"Unexpected '{token.Text}' at position {token.Position + 1}.");
            }
        }
    }
}
