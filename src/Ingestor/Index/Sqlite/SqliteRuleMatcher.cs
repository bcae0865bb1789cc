using Ingestor.Articles;
using Microsoft.Data.Sqlite;

namespace Ingestor.Index.Sqlite;

/// <summary>A compiled alert rule: a parsed query (null matches everything) and facet filters as in search.</summary>
public sealed record RuleQuery(string RuleId, QueryNode? Query)
{
    /// <summary>Within a field values are OR-ed, across fields AND-ed; exact, case-sensitive values.</summary>
    public IReadOnlyDictionary<FacetField, IReadOnlyList<string>> Filters { get; init; } =
        new Dictionary<FacetField, IReadOnlyList<string>>();

    /// <summary>False (default) skips articles marked as duplicates, like a collapsed search.</summary>
    public bool IncludeDuplicates { get; init; }
}

/// <summary>The articles of a batch one rule matched, by id, in batch order.</summary>
public sealed record RuleMatch(string RuleId, IReadOnlyList<string> ArticleIds);

/// <summary>
/// Matches a batch of new articles against alert rules in process, with the same tokenizer, query
/// translation and filter semantics as <see cref="SqliteSearchIndex"/>: the batch is loaded into an
/// in-memory FTS5 table and every rule's MATCH expression runs against it.
/// </summary>
public sealed class SqliteRuleMatcher : IDisposable
{
    private readonly Lock _gate = new();
    private SqliteSession? _session;
    private bool _disposed;

    /// <summary>Rules that matched at least one article, in rule order.</summary>
    /// <exception cref="QuerySyntaxException">A rule's query cannot be searched; the message names the rule.</exception>
    public IReadOnlyList<RuleMatch> Match(IReadOnlyList<Article> articles, IReadOnlyList<RuleQuery> rules)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(rules);
        var results = new List<RuleMatch>();
        if (articles.Count == 0 || rules.Count == 0)
        {
            return results;
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var session = _session ??= Open();
            Load(session, articles);
            var matched = new bool[articles.Count];
            foreach (var rule in rules)
            {
                FtsQuery query;
                try
                {
                    query = FtsQuery.From(rule.Query);
                }
                catch (QuerySyntaxException ex)
                {
                    throw new QuerySyntaxException($"Rule '{rule.RuleId}': {ex.Message}");
                }
                Array.Fill(matched, query.Kind != FtsQueryKind.Match);
                if (query.Kind != FtsQueryKind.All)
                {
                    var statement = session.Statement("SELECT rowid FROM batch WHERE batch MATCH ?1").Bind(1, query.Match);
                    try
                    {
                        while (statement.Step())
                        {
                            matched[statement.Int64(0) - 1] = query.Kind == FtsQueryKind.Match;
                        }
                    }
                    catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_ERROR)
                    {
                        throw new QuerySyntaxException($"Rule '{rule.RuleId}' cannot be searched: {ex.Message}");
                    }
                    finally
                    {
                        statement.Finish();
                    }
                }
                var ids = new List<string>();
                for (var i = 0; i < articles.Count; i++)
                {
                    if (matched[i] && (rule.IncludeDuplicates || articles[i].DuplicateOf is null) && PassesFilters(articles[i], rule.Filters))
                    {
                        ids.Add(articles[i].Id);
                    }
                }
                if (ids.Count > 0)
                {
                    results.Add(new RuleMatch(rule.RuleId, ids));
                }
            }
        }
        return results;
    }

    /// <summary>The search filter semantics over one article's own values.</summary>
    internal static bool PassesFilters(Article article, IReadOnlyDictionary<FacetField, IReadOnlyList<string>> filters)
    {
        foreach (var (field, values) in filters)
        {
            if (values.Count == 0)
            {
                continue;
            }
            var passes = field switch
            {
                FacetField.Person => article.Entities.Any(e => e.Type == EntityType.Person && Contains(values, e.Name)),
                FacetField.Organization => article.Entities.Any(e => e.Type == EntityType.Organization && Contains(values, e.Name)),
                FacetField.Location => article.Entities.Any(e => e.Type == EntityType.Location && Contains(values, e.Name)),
                FacetField.Source => Contains(values, article.Source),
                FacetField.Language => Contains(values, article.Language),
                FacetField.Story => Contains(values, article.StoryId),
                _ => false,
            };
            if (!passes)
            {
                return false;
            }
        }
        return true;
    }

    private static bool Contains(IReadOnlyList<string> values, string? value) =>
        !string.IsNullOrEmpty(value) && values.Contains(value, StringComparer.Ordinal);

    private static SqliteSession Open()
    {
        SqliteRuntime.Initialize();
        var connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
        connection.Open();
        return new SqliteSession(connection);
    }

    private static void Load(SqliteSession session, IReadOnlyList<Article> articles)
    {
        session.Exec("DROP TABLE IF EXISTS batch");
        session.Exec($"CREATE VIRTUAL TABLE batch USING fts5(title, body, tokenize = '{SqliteSchema.Tokenizer}')");
        session.Exec("BEGIN");
        try
        {
            for (var i = 0; i < articles.Count; i++)
            {
                session.Statement("INSERT INTO batch(rowid, title, body) VALUES (?1, ?2, ?3)")
                    .Bind(1, i + 1).Bind(2, articles[i].Title ?? "").Bind(3, articles[i].Body ?? "").Run();
            }
            session.Exec("COMMIT");
        }
        catch
        {
            session.Rollback();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _session?.Dispose();
            _session = null;
        }
    }
}
