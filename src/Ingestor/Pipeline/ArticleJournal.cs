using System.Globalization;
using System.Text.Json;
using Ingestor.Articles;
using Microsoft.Data.Sqlite;

namespace Ingestor.Pipeline;

/// <summary>How an accepted article relates to what the index already holds.</summary>
public enum ArticleChange
{
    New,
    Updated,
    Unchanged,
}

/// <summary>An article waiting in the journal to be indexed.</summary>
public sealed record JournalEntry(long Seq, Article Article, ArticleChange Change, int Attempts);

/// <summary>
/// The durable hand-off between accepting an article and indexing it: accepted articles are written
/// here (one transaction per batch) before their input is acknowledged, and removed only after the
/// index holds them. Keyed by article id, so re-delivery replaces rather than duplicates.
/// </summary>
public sealed class ArticleJournal(StateDatabase database, TimeProvider time)
{
    /// <summary>Classifies each article (new, updated, unchanged) and journals the ones that changed.</summary>
    public async Task<IReadOnlyList<(Article Article, ArticleChange Change)>> AcceptAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = new List<(Article, ArticleChange)>(articles.Count);
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var article in articles)
            {
                var (change, firstSeen) = await ClassifyAsync(connection, transaction, article, cancellationToken);
                var accepted = article with { Ingested = firstSeen ?? now };
                if (change != ArticleChange.Unchanged)
                {
                    await WriteAsync(connection, transaction, accepted, change, now, cancellationToken);
                }
                results.Add((accepted, change));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
        return results;
    }

    private static async Task<(ArticleChange, DateTimeOffset?)> ClassifyAsync(SqliteConnection connection, SqliteTransaction transaction, Article article, CancellationToken cancellationToken)
    {
        await using (var pending = connection.CreateCommand())
        {
            pending.Transaction = transaction;
            pending.CommandText = "SELECT kind, content_hash FROM journal WHERE article_id = $id";
            pending.Parameters.AddWithValue("$id", article.Id);
            await using var reader = await pending.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var pendingChange = Enum.Parse<ArticleChange>(reader.GetString(0));
                return reader.GetString(1) == article.ContentHash ? (ArticleChange.Unchanged, null) : (pendingChange, null);
            }
        }
        await using var known = connection.CreateCommand();
        known.Transaction = transaction;
        known.CommandText = "SELECT content_hash, first_seen FROM known_articles WHERE id = $id";
        known.Parameters.AddWithValue("$id", article.Id);
        await using var row = await known.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
        {
            return (ArticleChange.New, null);
        }
        var firstSeen = DateTimeOffset.Parse(row.GetString(1), CultureInfo.InvariantCulture);
        return (row.GetString(0) == article.ContentHash ? ArticleChange.Unchanged : ArticleChange.Updated, firstSeen);
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, Article article, ArticleChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Delete and insert (rather than update) so a replaced entry moves to the end of the order.
        command.CommandText = """
            DELETE FROM journal WHERE article_id = $id;
            INSERT INTO journal (article_id, kind, content_hash, article, enqueued_at) VALUES ($id, $kind, $hash, $article, $now);
            """;
        command.Parameters.AddWithValue("$id", article.Id);
        command.Parameters.AddWithValue("$kind", change.ToString());
        command.Parameters.AddWithValue("$hash", article.ContentHash);
        command.Parameters.AddWithValue("$article", JsonSerializer.SerializeToUtf8Bytes(article, IngestorJson.Compact));
        command.Parameters.AddWithValue("$now", now.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The oldest entries, in acceptance order.</summary>
    public async Task<IReadOnlyList<JournalEntry>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, article, attempts FROM journal ORDER BY seq LIMIT $max";
        command.Parameters.AddWithValue("$max", max);
        var rows = new List<(long Seq, ArticleChange Change, byte[] Json, int Attempts)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), Enum.Parse<ArticleChange>(reader.GetString(1)), (byte[])reader.GetValue(2), reader.GetInt32(3)));
            }
        }
        // Reading whole articles back is the indexer's first serial step: the documents are independent, so all cores parse them.
        var entries = new JournalEntry[rows.Count];
        ParallelWork.For(rows.Count, i =>
        {
            var (seq, change, json, attempts) = rows[i];
            var article = JsonSerializer.Deserialize<Article>(json, IngestorJson.Compact)
                          ?? throw new InvalidDataException($"Journal entry {seq} holds no article.");
            entries[i] = new JournalEntry(seq, article, change, attempts);
        });
        return entries;
    }

    /// <summary>
    /// Removes entries in one transaction; indexed ones (<paramref name="markKnown"/>) are recorded as
    /// known so the same content arriving again is recognized as unchanged.
    /// </summary>
    public async Task CompleteAsync(IReadOnlyList<JournalEntry> indexed, CancellationToken cancellationToken, bool markKnown = true)
    {
        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = markKnown ? """
                DELETE FROM journal WHERE seq = $seq;
                INSERT INTO known_articles (id, content_hash, first_seen, last_indexed) VALUES ($id, $hash, $first, $now)
                ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, last_indexed = excluded.last_indexed;
                """ : "DELETE FROM journal WHERE seq = $seq;";
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var hash = command.Parameters.Add("$hash", SqliteType.Text);
            var first = command.Parameters.Add("$first", SqliteType.Text);
            command.Parameters.AddWithValue("$now", now);
            foreach (var entry in indexed)
            {
                seq.Value = entry.Seq;
                id.Value = entry.Article.Id;
                hash.Value = entry.Article.ContentHash;
                first.Value = (entry.Article.Ingested ?? time.GetUtcNow()).ToString("O", CultureInfo.InvariantCulture);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    /// <summary>Counts a failed attempt on entries that stay in the journal for the next try.</summary>
    public async Task RecordFailureAsync(IReadOnlyList<JournalEntry> entries, string error, CancellationToken cancellationToken)
    {
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE journal SET attempts = attempts + 1, last_error = $error WHERE seq = $seq";
            command.Parameters.AddWithValue("$error", error.Length > 2000 ? error[..2000] : error);
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var entry in entries)
            {
                seq.Value = entry.Seq;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }
}
