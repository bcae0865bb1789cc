using System.Text.Json.Nodes;
using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;
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

    // Ids of the enabled rules from the last sync; null until the first sync (then every given rule runs).
    private volatile HashSet<string>? _active;

    public Task SyncAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _active = rules.Where(r => r.Enabled).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AlertMatch>> MatchAsync(IReadOnlyList<Article> articles, IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(rules);
        var active = _active;
        // Like the percolator, only rules that are synced and enabled can fire.
        var queries = rules.Where(r => active is null || active.Contains(r.Id)).Select(Compile).ToList();
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

/// <summary>
/// Matching on Elasticsearch: every enabled rule is stored as a query in the percolator index
/// (<c>ingestor-alerts</c>) and each batch is matched with one <c>percolate</c> search, so rules use the
/// engine's own analyzers. <see cref="SyncAsync"/> writes only the rules that changed and removes the
/// ones that are gone or disabled (also those left by an earlier run).
/// </summary>
public sealed class ElasticsearchAlertMatcher(ElasticsearchAlertIndex index, ElasticsearchClient client) : IAlertMatcher, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    /// <summary>Rule id to the stored document's JSON, as far as this process knows (null before the first sync).</summary>
    private Dictionary<string, string>? _stored;

    public string Engine => "elasticsearch";

    public async Task SyncAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await index.InitializeAsync(cancellationToken);
            _stored ??= await StoredRulesAsync(cancellationToken);
            var wanted = rules.Where(r => r.Enabled).ToDictionary(r => r.Id, StringComparer.Ordinal);
            foreach (var rule in wanted.Values)
            {
                var document = ElasticsearchAlertIndex.RuleDocument(rule.Id, rule.Name, rule.Criteria).ToJsonString();
                if (_stored.GetValueOrDefault(rule.Id) != document)
                {
                    await index.PutRuleAsync(rule.Id, rule.Name, rule.Criteria, cancellationToken);
                    _stored[rule.Id] = document;
                }
            }
            foreach (var gone in _stored.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
            {
                await index.DeleteRuleAsync(gone, cancellationToken);
                _stored.Remove(gone);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<AlertMatch>> MatchAsync(IReadOnlyList<Article> articles, IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(rules);
        if (articles.Count == 0 || rules.Count == 0)
        {
            return [];
        }
        var rank = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var order = articles.Select((a, i) => (a.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var matches = await index.PercolateAsync(articles, cancellationToken);
        return matches.Where(m => rank.ContainsKey(m.RuleId))
            .OrderBy(m => rank[m.RuleId])
            .Select(m => new AlertMatch(m.RuleId, m.ArticleIds.Distinct(StringComparer.Ordinal).OrderBy(id => order.GetValueOrDefault(id)).ToList()))
            .ToList();
    }

    /// <summary>The rules the percolator index holds now (its document ids).</summary>
    private async Task<Dictionary<string, string>> StoredRulesAsync(CancellationToken cancellationToken)
    {
        var response = await client.SearchAsync(index.Index, new JsonObject
        {
            ["query"] = new JsonObject { ["match_all"] = new JsonObject() },
            ["size"] = 10_000,
            ["_source"] = false,
        }, cancellationToken);
        // Unknown content: an empty fingerprint makes the next sync rewrite each rule still wanted.
        return response.Hits.Hits.Where(h => h.Id.Length > 0).ToDictionary(h => h.Id, _ => "", StringComparer.Ordinal);
    }

    public void Dispose() => _gate.Dispose();
}
