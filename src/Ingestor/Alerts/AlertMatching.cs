using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Microsoft.Extensions.Logging;

namespace Ingestor.Alerts;

/// <summary>The articles of a batch one rule matched, in batch order.</summary>
public sealed record AlertMatch(string RuleId, IReadOnlyList<string> ArticleIds);

/// <summary>
/// Matches new articles against the alert rules with the search engine's own text semantics, so an
/// alert fires exactly for what a search with the rule's query and filters would find. Copies
/// (articles with <c>DuplicateOf</c>) never match.
/// </summary>
public interface IAlertMatcher
{
    string Engine { get; }

    /// <summary>Brings the engine's copy of the rules up to date (the percolator index); a no-op where matching is in process.</summary>
    Task SyncAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken);

    /// <summary>Rules that matched at least one article, each with the articles it matched.</summary>
    Task<IReadOnlyList<AlertMatch>> MatchAsync(IReadOnlyList<Article> articles, IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken);
}

/// <summary>
/// In-process matching for the embedded engine: each batch is loaded into an in-memory FTS5 table with
/// the index's tokenizer and every rule's compiled query runs against it (<see cref="SqliteRuleMatcher"/>).
/// </summary>
public sealed class SqliteAlertMatcher(SqliteRuleMatcher matcher, ILogger<SqliteAlertMatcher> logger) : IAlertMatcher
{
    public string Engine => "sqlite";

    public Task SyncAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<AlertMatch>> MatchAsync(IReadOnlyList<Article> articles, IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(rules);
        var queries = rules.Select(Compile).ToList();
        IReadOnlyList<RuleMatch> matches;
        try
        {
            matches = matcher.Match(articles, queries);
        }
        catch (QuerySyntaxException)
        {
            // One rule the engine cannot run must not silence the others: match them one by one.
            var each = new List<RuleMatch>();
            foreach (var query in queries)
            {
                try
                {
                    each.AddRange(matcher.Match(articles, [query]));
                }
                catch (QuerySyntaxException ex)
                {
                    Log.RuleUnusable(logger, query.RuleId, ex.Message);
                }
            }
            matches = each;
        }
        return Task.FromResult<IReadOnlyList<AlertMatch>>(matches.Select(m => new AlertMatch(m.RuleId, m.ArticleIds)).ToList());
    }

    private static RuleQuery Compile(AlertRule rule) => new(rule.Id, rule.ParsedQuery) { Filters = rule.Filters };
}
