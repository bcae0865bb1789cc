using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Index.Sqlite;

/// <summary>
/// The default search engine: one SQLite file (WAL) with an FTS5 index over title and body.
/// <list type="bullet">
/// <item>Writes go through one connection guarded by a semaphore, a batch per transaction; searches use a
/// small pool of reader connections, each search inside one read snapshot.</item>
/// <item>A search streams the matching row ids from FTS5, then filters and counts facets and the histogram
/// in memory (<see cref="FacetStore"/>) with no SQL join. Before each search and write the store catches up
/// with <c>meta.seq</c>, so writes by another process (the <c>ingest</c> command) show up too.</item>
/// <item>Relevance is bm25 (title weighted) when the query matches at most
/// <see cref="SqliteIndexOptions.ExactRankLimit"/> articles. FTS5 computes bm25 for every matching row
/// even under <c>ORDER BY rank LIMIT k</c> (about a microsecond per row), so broader queries rank
/// articles with a query term in the title first, then newest.</item>
/// </list>
/// </summary>
public sealed class SqliteSearchIndex : ISearchIndex, IDisposable
{
    private const int MaxFacetSize = 1000;
    private const double ApproximateTitleScore = -1;

    private readonly SqliteIndexOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteSearchIndex> _logger;
    private readonly FacetStore _store = new();
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _readerSlots;
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private readonly ConcurrentDictionary<SqliteSession, bool> _sessions = new();
    private SqliteSession? _writer;
    private volatile bool _initialized;
    private bool _disposed;

    public SqliteSearchIndex(IOptions<SqliteIndexOptions> options, TimeProvider timeProvider, ILogger<SqliteSearchIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _readerSlots = new SemaphoreSlim(_options.ReaderConnections, _options.ReaderConnections);
    }

    public string Engine => "sqlite";

    /// <summary>The database file in use.</summary>
    public string Path => System.IO.Path.GetFullPath(_options.Path);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialized)
        {
            return;
        }
        await _initGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            SqliteRuntime.Initialize();
            var started = _time.GetTimestamp();
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var connection = SqliteSchema.Open(Path, _options.BusyTimeout, _options.CacheKib * 2, create: true);
            var writer = new SqliteSession(connection);
            try
            {
                SqliteSchema.Create(connection);
                _store.Refresh(writer);
            }
            catch
            {
                writer.Dispose();
                throw;
            }
            _writer = writer;
            _initialized = true;
            var articles = _store.AliveCount;
            var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            Log.Opened(_logger, Path, articles, elapsed);
        }
        finally
        {
            _initGate.Release();
        }
    }

    public async Task<IReadOnlyList<IndexItemResult>> IndexAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        await InitializeAsync(cancellationToken);
        var results = new List<IndexItemResult>(articles.Count);
        if (articles.Count == 0)
        {
            return results;
        }
        // The stored document (the article without its text) depends on the article alone: encoded on all cores
        // before the write transaction, which then only writes.
        var documents = new string?[articles.Count];
        ParallelWork.For(articles.Count, i => documents[i] = Reject(articles[i]) is null ? StoredDocument(articles[i]) : null);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            var writer = _writer!;
            writer.Exec("BEGIN IMMEDIATE");
            long seq;
            try
            {
                // Catch up with other writers first: new facet ordinals continue from the database's numbering.
                _store.Refresh(writer);
                seq = SqliteSchema.ReadSeq(writer) + 1;
                var values = new PendingValues(_store, writer, seq);
                var i = -1;
                foreach (var article in articles)
                {
                    i++;
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Reject(article) is { } reason)
                    {
                        Log.ArticleRejected(_logger, article?.Id ?? "(null)", reason);
                        results.Add(new IndexItemResult(article?.Id ?? "", IndexOutcome.Failed, reason));
                        continue;
                    }
                    results.Add(new IndexItemResult(article!.Id, Upsert(writer, article, documents[i]!, values, seq)));
                }
                writer.Statement("UPDATE meta SET value = ?1 WHERE key = 'seq'").Bind(1, seq).Run();
                writer.Exec("COMMIT");
            }
            catch
            {
                writer.Rollback();
                throw;
            }
            _store.Refresh(writer);
            var created = 0;
            var updated = 0;
            foreach (var result in results)
            {
                created += result.Outcome == IndexOutcome.Created ? 1 : 0;
                updated += result.Outcome == IndexOutcome.Updated ? 1 : 0;
            }
            var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            Log.Indexed(_logger, results.Count, created, updated, results.Count - created - updated, seq, elapsed);
            return results;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await InitializeAsync(cancellationToken);
        var session = await RentReaderAsync(cancellationToken);
        var healthy = false;
        try
        {
            var statement = session.Statement("SELECT title, body, doc FROM articles WHERE id = ?1").Bind(1, id);
            Article? article = null;
            if (statement.Step())
            {
                article = ReadArticle(statement.Text(2)) with { Title = statement.Text(0), Body = statement.Text(1) };
            }
            statement.Finish();
            healthy = true;
            return article;
        }
        finally
        {
            ReturnReader(session, healthy);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await InitializeAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer!;
            writer.Exec("BEGIN IMMEDIATE");
            long seq;
            try
            {
                var existing = writer.Statement("SELECT docid, title, body FROM articles WHERE id = ?1").Bind(1, id);
                if (!existing.Step())
                {
                    writer.Rollback();
                    return false;
                }
                var docid = existing.Int64(0);
                var title = existing.Text(1);
                var body = existing.Text(2);
                existing.Finish();
                seq = SqliteSchema.ReadSeq(writer) + 1;
                DeleteText(writer, docid, title, body);
                writer.Statement("DELETE FROM articles WHERE docid = ?1").Bind(1, docid).Run();
                writer.Statement("DELETE FROM article_facets WHERE docid = ?1").Bind(1, docid).Run();
                writer.Statement("INSERT INTO tombstones(seq, docid) VALUES (?1, ?2)").Bind(1, seq).Bind(2, docid).Run();
                writer.Statement("UPDATE meta SET value = ?1 WHERE key = 'seq'").Bind(1, seq).Run();
                writer.Exec("COMMIT");
            }
            catch
            {
                writer.Rollback();
                throw;
            }
            _store.Refresh(writer);
            Log.Deleted(_logger, id, seq);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Rebuilds both full-text indexes from the stored text and every article's facets from its stored
    /// document, in one write transaction: searches keep reading the previous snapshot (WAL) until it commits,
    /// so there is no downtime. Returns the number of articles rebuilt.
    /// </summary>
    public async Task<long> RebuildAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            var writer = _writer!;
            writer.Exec("BEGIN IMMEDIATE");
            long seq;
            long count = 0;
            try
            {
                _store.Refresh(writer);
                seq = SqliteSchema.ReadSeq(writer) + 1;
                writer.Exec("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')");
                writer.Exec("INSERT INTO titles_fts(titles_fts) VALUES ('rebuild')");
                var values = new PendingValues(_store, writer, seq);
                var rows = new List<(long DocId, Article Article)>();
                long after = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rows.Clear();
                    var page = writer.Statement("SELECT docid, doc FROM articles WHERE docid > ?1 ORDER BY docid LIMIT 1000").Bind(1, after);
                    while (page.Step())
                    {
                        rows.Add((page.Int64(0), ReadArticle(page.Text(1))));
                    }
                    page.Finish();
                    if (rows.Count == 0)
                    {
                        break;
                    }
                    foreach (var (docId, article) in rows)
                    {
                        WriteFacets(writer, docId, seq, article, values.Encode(article));
                    }
                    count += rows.Count;
                    after = rows[^1].DocId;
                }
                writer.Statement("UPDATE meta SET value = ?1 WHERE key = 'seq'").Bind(1, seq).Run();
                writer.Exec("COMMIT");
            }
            catch
            {
                writer.Rollback();
                throw;
            }
            _store.Refresh(writer);
            writer.Exec("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')");
            writer.Exec("INSERT INTO titles_fts(titles_fts) VALUES ('optimize')");
            var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            Log.Rebuilt(_logger, count, seq, elapsedMs);
            return count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var session = await RentReaderAsync(cancellationToken);
        var healthy = false;
        try
        {
            _store.Refresh(session);
            healthy = true;
            return _store.AliveCount;
        }
        finally
        {
            ReturnReader(session, healthy);
        }
    }

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var size = Math.Min(request.Size, SearchRequest.MaxSize);
        if (request.Page < 1 || request.Page > SearchRequest.MaxPage)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Page,
                $"page must be between 1 and {SearchRequest.MaxPage}.");
        }
        if (request.Size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Size, "size must not be negative.");
        }
        if (request.FacetSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.FacetSize, "facet size must not be negative.");
        }
        var query = FtsQuery.From(request.Query);
        var facetQuery = FacetQuery.From(request) with { FacetSize = Math.Min(request.FacetSize, MaxFacetSize) };
        await InitializeAsync(cancellationToken);

        var session = await RentReaderAsync(cancellationToken);
        var healthy = false;
        int[]? matched = null;
        try
        {
            session.BeginRead();
            _store.Refresh(session);
            var matchedCount = 0;
            var candidates = FacetStore.Candidates.All;
            if (query.Kind != FtsQueryKind.All)
            {
                (matched, matchedCount) = ScanRowids(session, query.Match);
                candidates = query.Kind == FtsQueryKind.Match
                    ? FacetStore.Candidates.Matching(matched, matchedCount)
                    : FacetStore.Candidates.Except(matched, matchedCount);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var evaluation = _store.Evaluate(candidates, facetQuery);
            IReadOnlyList<SearchHit> hits;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var accepted = evaluation.Accepted.AsSpan(0, evaluation.Count);
                var first = (request.Page - 1) * size;
                hits = first >= evaluation.Count || size == 0
                    ? []
                    : Hits(session, query, request.Sort, matchedCount, accepted, first, size);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(evaluation.Accepted);
            }
            session.EndRead();
            healthy = true;
            return new SearchResult
            {
                Total = evaluation.Count,
                TookMs = (long)_time.GetElapsedTime(started).TotalMilliseconds,
                Hits = hits,
                Facets = evaluation.Facets,
                Histogram = evaluation.Histogram,
            };
        }
        finally
        {
            if (matched is not null)
            {
                ArrayPool<int>.Shared.Return(matched);
            }
            ReturnReader(session, healthy);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _writer?.Dispose();
        foreach (var session in _sessions.Keys)
        {
            session.Dispose();
        }
        _sessions.Clear();
        _store.Dispose();
        _initGate.Dispose();
        _writeGate.Dispose();
        _readerSlots.Dispose();
    }

    private static string? Reject(Article? article)
    {
        if (article is null)
        {
            return "the article is null";
        }
        if (string.IsNullOrWhiteSpace(article.Id))
        {
            return "the article has no id";
        }
        if (article.Title is null || article.Body is null || article.ContentHash is null)
        {
            return "the article has no title, body or content hash";
        }
        return null;
    }

    private static string StoredDocument(Article article) => JsonSerializer.Serialize(article with { Title = "", Body = "" }, IngestorJson.Compact);

    private static IndexOutcome Upsert(SqliteSession writer, Article article, string doc, PendingValues values, long seq)
    {
        var facets = values.Encode(article);

        var existing = writer.Statement("SELECT docid, title, body FROM articles WHERE id = ?1").Bind(1, article.Id);
        if (existing.Step())
        {
            var docid = existing.Int64(0);
            var oldTitle = existing.Text(1);
            var oldBody = existing.Text(2);
            existing.Finish();
            var textChanged = !string.Equals(oldTitle, article.Title, StringComparison.Ordinal) ||
                              !string.Equals(oldBody, article.Body, StringComparison.Ordinal);
            if (textChanged)
            {
                DeleteText(writer, docid, oldTitle, oldBody);
            }
            writer.Statement("UPDATE articles SET title = ?2, body = ?3, doc = ?4 WHERE docid = ?1")
                .Bind(1, docid).Bind(2, article.Title).Bind(3, article.Body).Bind(4, doc).Run();
            if (textChanged)
            {
                InsertText(writer, docid, article.Title, article.Body);
            }
            WriteFacets(writer, docid, seq, article, facets);
            return IndexOutcome.Updated;
        }
        existing.Finish();
        var insert = writer.Statement("INSERT INTO articles(id, title, body, doc) VALUES (?1, ?2, ?3, ?4)")
            .Bind(1, article.Id).Bind(2, article.Title).Bind(3, article.Body).Bind(4, doc);
        insert.Run();
        var inserted = insert.LastInsertRowid;
        InsertText(writer, inserted, article.Title, article.Body);
        WriteFacets(writer, inserted, seq, article, facets);
        return IndexOutcome.Created;
    }

    private static void WriteFacets(SqliteSession writer, long docid, long seq, Article article, byte[] facets) =>
        writer.Statement("INSERT OR REPLACE INTO article_facets(docid, seq, published, id_key, facets) VALUES (?1, ?2, ?3, ?4, ?5)")
            .Bind(1, docid).Bind(2, seq).BindNullable(3, article.Published?.UtcTicks).Bind(4, FacetStore.IdKey(article.Id))
            .Bind(5, facets).Run();

    private static void InsertText(SqliteSession writer, long docid, string title, string body)
    {
        writer.Statement("INSERT INTO articles_fts(rowid, title, body) VALUES (?1, ?2, ?3)")
            .Bind(1, docid).Bind(2, title).Bind(3, body).Run();
        writer.Statement("INSERT INTO titles_fts(rowid, title) VALUES (?1, ?2)").Bind(1, docid).Bind(2, title).Run();
    }

    /// <summary>External-content FTS5 forgets a row only when given exactly the text it indexed.</summary>
    private static void DeleteText(SqliteSession writer, long docid, string title, string body)
    {
        writer.Statement("INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)")
            .Bind(1, docid).Bind(2, title).Bind(3, body).Run();
        writer.Statement("INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', ?1, ?2)").Bind(1, docid).Bind(2, title).Run();
    }

    private static Article ReadArticle(string json) =>
        JsonSerializer.Deserialize<Article>(json, IngestorJson.Compact)
        ?? throw new InvalidDataException("A stored article document is empty.");

    /// <summary>Every row id matching an FTS5 expression, in a pooled array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Rowids, int Count) ScanRowids(SqliteSession session, string match)
    {
        var rowids = ArrayPool<int>.Shared.Rent(4096);
        var count = 0;
        var statement = session.Statement("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1");
        try
        {
            statement.Bind(1, match);
            while (QueryStep(statement))
            {
                if (count == rowids.Length)
                {
                    var larger = ArrayPool<int>.Shared.Rent(rowids.Length * 2);
                    rowids.AsSpan().CopyTo(larger);
                    ArrayPool<int>.Shared.Return(rowids);
                    rowids = larger;
                }
                rowids[count++] = (int)statement.Int64(0);
            }
            return (rowids, count);
        }
        catch
        {
            ArrayPool<int>.Shared.Return(rowids);
            throw;
        }
        finally
        {
            statement.Finish();
        }
    }

    /// <summary>Steps a statement that evaluates a MATCH expression; an expression FTS5 rejects is the user's query.</summary>
    private static bool QueryStep(RawStatement statement)
    {
        try
        {
            return statement.Step();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_ERROR)
        {
            throw new QuerySyntaxException($"The query cannot be searched: {ex.Message.Replace("SQLite Error 1: ", "", StringComparison.Ordinal).Trim('\'', '.', ' ')}.");
        }
    }

    private List<SearchHit> Hits(SqliteSession session, FtsQuery query, SearchSort sort, int matchedCount,
        ReadOnlySpan<int> accepted, int first, int size)
    {
        var k = first + size;
        // Scores line up with the accepted row ids; pooled because broad queries score hundreds of thousands.
        double[]? scores = null;
        List<RankedDoc> top;
        try
        {
            if (sort == SearchSort.Relevance && query.Kind == FtsQueryKind.Match)
            {
                scores = ArrayPool<double>.Shared.Rent(accepted.Length);
                if (matchedCount <= _options.ExactRankLimit)
                {
                    Bm25Scores(session, query.Match, accepted, scores);
                }
                else
                {
                    TitleScores(session, query, accepted, scores);
                }
            }
            top = _store.SelectTop(accepted, scores is null ? [] : scores.AsSpan(0, accepted.Length), k);
        }
        finally
        {
            if (scores is not null)
            {
                ArrayPool<double>.Shared.Return(scores);
            }
        }
        top.Sort(RankedDoc.KeyComparer);
        ResolveIdTies(session, top);

        var hits = new List<SearchHit>(size);
        for (var i = first; i < Math.Min(k, top.Count); i++)
        {
            if (Hit(session, query, top[i].Docid) is { } hit)
            {
                hits.Add(hit);
            }
        }
        return hits;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Bm25Scores(SqliteSession session, string match, ReadOnlySpan<int> accepted, double[] scores)
    {
        var (low, high) = Range(accepted);
        var byDocid = new Dictionary<int, double>(accepted.Length);
        var statement = session.Statement(
            "SELECT rowid, bm25(articles_fts, ?2, 1.0) FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4");
        try
        {
            statement.Bind(1, match).Bind(2, _options.TitleWeight).Bind(3, low).Bind(4, high);
            while (QueryStep(statement))
            {
                byDocid[(int)statement.Int64(0)] = statement.Double(1);
            }
        }
        finally
        {
            statement.Finish();
        }
        for (var i = 0; i < accepted.Length; i++)
        {
            scores[i] = byDocid.GetValueOrDefault(accepted[i]);
        }
    }

    /// <summary>The approximation for very broad queries: a title match ranks first, then newest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TitleScores(SqliteSession session, FtsQuery query, ReadOnlySpan<int> accepted, double[] scores)
    {
        if (query.TitleMatch is null)
        {
            Array.Clear(scores);
            return;
        }
        var (low, high) = Range(accepted);
        var inTitle = new ulong[((high - low) >> 6) + 1];
        var statement = session.Statement("SELECT rowid FROM titles_fts WHERE titles_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3");
        try
        {
            statement.Bind(1, query.TitleMatch).Bind(2, low).Bind(3, high);
            while (QueryStep(statement))
            {
                var offset = (int)statement.Int64(0) - low;
                inTitle[offset >> 6] |= 1UL << (offset & 63);
            }
        }
        finally
        {
            statement.Finish();
        }
        for (var i = 0; i < accepted.Length; i++)
        {
            var offset = accepted[i] - low;
            scores[i] = (inTitle[offset >> 6] & (1UL << (offset & 63))) != 0 ? ApproximateTitleScore : 0;
        }
    }

    private static (int Low, int High) Range(ReadOnlySpan<int> docids)
    {
        var low = int.MaxValue;
        var high = int.MinValue;
        foreach (var docid in docids)
        {
            low = Math.Min(low, docid);
            high = Math.Max(high, docid);
        }
        return (low, high);
    }

    /// <summary>Documents whose sort keys tie up to the id key are ordered by their full ids.</summary>
    private static void ResolveIdTies(SqliteSession session, List<RankedDoc> top)
    {
        var resolved = false;
        for (var start = 0; start < top.Count;)
        {
            var end = start + 1;
            while (end < top.Count && RankedDoc.CompareWithoutDocid(top[start], top[end]) == 0)
            {
                end++;
            }
            if (end - start > 1)
            {
                for (var i = start; i < end; i++)
                {
                    var statement = session.Statement("SELECT id FROM articles WHERE docid = ?1").Bind(1, top[i].Docid);
                    var id = statement.Step() ? statement.Text(0) : "";
                    statement.Finish();
                    top[i] = top[i] with { Id = id };
                }
                resolved = true;
            }
            start = end;
        }
        if (resolved)
        {
            top.Sort(RankedDoc.KeyComparer);
        }
    }

    /// <summary>
    /// The hit for a row, or null when the row is not in this search's snapshot: facet arrays may already
    /// reflect a write committed after the snapshot began (seen when listing without a query).
    /// </summary>
    private static SearchHit? Hit(SqliteSession session, FtsQuery query, int docid)
    {
        var row = session.Statement("SELECT id, title, doc, substr(body, 1, 2000) FROM articles WHERE docid = ?1").Bind(1, docid);
        if (!row.Step())
        {
            row.Finish();
            return null;
        }
        var id = row.Text(0);
        var title = row.Text(1);
        var article = ReadArticle(row.Text(2));
        var bodyStart = row.Text(3);
        row.Finish();

        string? snippet = null;
        if (query.Kind == FtsQueryKind.Match)
        {
            snippet = Marked(session, query, docid, body: true) ?? Marked(session, query, docid, body: false);
        }
        return new SearchHit
        {
            Id = id,
            Title = title,
            Snippet = snippet ?? Snippets.Lead(article.Lead, bodyStart),
            Url = article.Url,
            Source = article.Source,
            Published = article.Published,
            Language = article.Language,
            StoryId = article.StoryId,
            Entities = article.Entities.Select(e => new HitEntity(e.Name, e.Type)).ToList(),
        };
    }

    /// <summary>
    /// A passage of the body (FTS5 snippet) or the whole title (highlight) as HTML, or null when FTS5
    /// marks nothing there because the match is in the other column.
    /// </summary>
    private static string? Marked(SqliteSession session, FtsQuery query, int docid, bool body)
    {
        var statement = body
            ? session.Statement("SELECT snippet(articles_fts, 1, ?2, ?3, ?4, ?5) FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?6")
                .Bind(4, Snippets.Ellipsis).Bind(5, Snippets.SnippetTokens)
            : session.Statement("SELECT highlight(articles_fts, 0, ?2, ?3) FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?6");
        try
        {
            statement.Bind(1, query.Match).Bind(2, Snippets.Open.ToString()).Bind(3, Snippets.Close.ToString()).Bind(6, docid);
            if (QueryStep(statement))
            {
                var text = statement.Text(0);
                return Snippets.HasMark(text) ? Snippets.ToHtml(text) : null;
            }
            return null;
        }
        finally
        {
            statement.Finish();
        }
    }

    private async Task<SqliteSession> RentReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _readerSlots.WaitAsync(cancellationToken);
        if (_idleReaders.TryTake(out var session))
        {
            return session;
        }
        try
        {
            session = new SqliteSession(SqliteSchema.Open(Path, _options.BusyTimeout, _options.CacheKib, create: false));
            _sessions[session] = true;
            return session;
        }
        catch
        {
            _readerSlots.Release();
            throw;
        }
    }

    private void ReturnReader(SqliteSession session, bool healthy)
    {
        if (!healthy)
        {
            try
            {
                session.EndRead();
            }
            catch (SqliteException)
            {
                _sessions.TryRemove(session, out _);
                session.Dispose();
                _readerSlots.Release();
                return;
            }
        }
        if (_disposed)
        {
            session.Dispose();
            return;
        }
        _idleReaders.Add(session);
        _readerSlots.Release();
    }

    /// <summary>
    /// Facet ordinals for one write transaction: values already numbered keep their ordinal, new ones
    /// continue the field's numbering and are written to <c>facet_values</c> in the same transaction.
    /// </summary>
    private sealed class PendingValues(FacetStore store, SqliteSession writer, long seq)
    {
        private readonly Dictionary<string, int>[] _added =
            Enumerable.Range(0, FacetStore.FieldCount).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();

        public byte[] Encode(Article article)
        {
            var entities = new List<int>();
            var seen = new HashSet<int>();
            foreach (var entity in article.Entities)
            {
                if (entity is null || string.IsNullOrEmpty(entity.Name) || entity.Type is not (EntityType.Person or EntityType.Organization or EntityType.Location))
                {
                    continue;
                }
                var type = (int)(entity.Type switch
                {
                    EntityType.Person => FacetField.Person,
                    EntityType.Organization => FacetField.Organization,
                    _ => FacetField.Location,
                });
                var code = FacetBlob.EntityCode(type, Ordinal((FacetField)type, entity.Name));
                if (seen.Add(code))
                {
                    entities.Add(code);
                }
            }
            return FacetBlob.Encode(
                Ordinal(FacetField.Source, article.Source),
                Ordinal(FacetField.Language, article.Language),
                Ordinal(FacetField.Story, article.StoryId),
                article.DuplicateOf is null ? (byte)0 : FacetBlob.DuplicateFlag,
                entities);
        }

        /// <summary>The value's ordinal, or -1 when the article has no value for the field.</summary>
        private int Ordinal(FacetField field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return -1;
            }
            if (store.TryGetOrdinal(field, value, out var ordinal, out var known))
            {
                return ordinal;
            }
            var added = _added[(int)field];
            if (added.TryGetValue(value, out ordinal))
            {
                return ordinal;
            }
            ordinal = known + added.Count;
            writer.Statement("INSERT INTO facet_values(field, ordinal, value, seq) VALUES (?1, ?2, ?3, ?4)")
                .Bind(1, (int)field).Bind(2, ordinal).Bind(3, value).Bind(4, seq).Run();
            added[value] = ordinal;
            return ordinal;
        }
    }
}

/// <summary>Process-wide SQLite native library set-up.</summary>
internal static class SqliteRuntime
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void Initialize() => _ = Initialized.Value;
}
