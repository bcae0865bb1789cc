using System.Runtime.InteropServices;
using System.Text.Json;
using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;

namespace Ingestor.Enrich.Duplicates;

/// <summary>How an article was found to copy another: same canonical URL, same body, or near-identical body.</summary>
public enum DuplicateMethod
{
    Url,
    Content,
    Near,
}

/// <summary>What duplicate detection decided for one article, as persisted.</summary>
/// <param name="Signature">Kept for originals only: they are what later articles are compared with.</param>
public sealed record DuplicateRecord(
    string ArticleId,
    string? CanonicalUrl,
    string BodyHash,
    string? DuplicateOf,
    DuplicateMethod? Method,
    double Similarity,
    long SeenAt,
    int Shingles,
    uint[]? Signature);

/// <summary>Duplicate detection state in the state database (<c>duplicate_signatures</c>).</summary>
public sealed class DuplicateStore(StateDatabase database)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS duplicate_signatures (
            article_id TEXT PRIMARY KEY,
            canonical_url TEXT,
            body_hash TEXT NOT NULL,
            duplicate_of TEXT,
            method TEXT,
            similarity REAL NOT NULL,
            seen_at INTEGER NOT NULL,
            shingles INTEGER NOT NULL,
            signature BLOB
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS duplicate_signatures_body ON duplicate_signatures(body_hash);
        CREATE INDEX IF NOT EXISTS duplicate_signatures_url ON duplicate_signatures(canonical_url);
        CREATE INDEX IF NOT EXISTS duplicate_signatures_seen ON duplicate_signatures(seen_at) WHERE signature IS NOT NULL;
        """;

    private bool _schemaReady;

    /// <summary>What the store already knows about a batch: earlier decisions by id, originals by body hash and URL.</summary>
    public sealed record Known(
        IReadOnlyDictionary<string, DuplicateRecord> ById,
        IReadOnlyDictionary<string, string> RootByBodyHash,
        IReadOnlyDictionary<string, string> RootByUrl);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await SqliteSetup.ExecuteAsync(connection, Schema, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    public async Task<Known> LookupAsync(IReadOnlyCollection<string> ids, IReadOnlyCollection<string> bodyHashes, IReadOnlyCollection<string> urls, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var byId = new Dictionary<string, DuplicateRecord>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT article_id, canonical_url, body_hash, duplicate_of, method, similarity, seen_at, shingles
                FROM duplicate_signatures WHERE article_id IN (SELECT value FROM json_each($ids))
                """;
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var record = new DuplicateRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : Enum.Parse<DuplicateMethod>(reader.GetString(4), ignoreCase: true),
                    reader.GetDouble(5), reader.GetInt64(6), reader.GetInt32(7), null);
                byId[record.ArticleId] = record;
            }
        }
        return new Known(byId, await RootsAsync(connection, "body_hash", bodyHashes, cancellationToken), await RootsAsync(connection, "canonical_url", urls, cancellationToken));
    }

    /// <summary>For each value, the first-seen article carrying it, resolved to its original.</summary>
    private static async Task<Dictionary<string, string>> RootsAsync(SqliteConnection connection, string column, IReadOnlyCollection<string> values, CancellationToken cancellationToken)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return roots;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {column}, COALESCE(duplicate_of, article_id) FROM duplicate_signatures
            WHERE {column} IN (SELECT value FROM json_each($values)) ORDER BY seen_at DESC
            """;
        command.Parameters.AddWithValue("$values", JsonSerializer.Serialize(values));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            roots[reader.GetString(0)] = reader.GetString(1); // newest first, so the oldest wins
        }
        return roots;
    }

    /// <summary>The originals seen since <paramref name="since"/> (newest <paramref name="max"/>), oldest first.</summary>
    public async Task<IReadOnlyList<DuplicateRecord>> LoadOriginalsAsync(long since, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT article_id, shingles, signature, seen_at FROM duplicate_signatures
            WHERE signature IS NOT NULL AND seen_at >= $since ORDER BY seen_at DESC LIMIT $max
            """;
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$max", max);
        var records = new List<DuplicateRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var bytes = (byte[])reader.GetValue(2);
            if (bytes.Length != TextFingerprint.Hashes * sizeof(uint))
            {
                continue; // written with another signature size
            }
            var signature = MemoryMarshal.Cast<byte, uint>(bytes).ToArray();
            records.Add(new DuplicateRecord(reader.GetString(0), null, "", null, null, 0, reader.GetInt64(3), reader.GetInt32(1), signature));
        }
        records.Reverse();
        return records;
    }

    /// <summary>Writes decisions in one transaction; the same article again replaces its row.</summary>
    public async Task SaveAsync(IReadOnlyList<DuplicateRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR REPLACE INTO duplicate_signatures (article_id, canonical_url, body_hash, duplicate_of, method, similarity, seen_at, shingles, signature)
                VALUES ($id, $url, $hash, $of, $method, $similarity, $seen, $shingles, $signature)
                """;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var url = command.Parameters.Add("$url", SqliteType.Text);
            var hash = command.Parameters.Add("$hash", SqliteType.Text);
            var of = command.Parameters.Add("$of", SqliteType.Text);
            var method = command.Parameters.Add("$method", SqliteType.Text);
            var similarity = command.Parameters.Add("$similarity", SqliteType.Real);
            var seen = command.Parameters.Add("$seen", SqliteType.Integer);
            var shingles = command.Parameters.Add("$shingles", SqliteType.Integer);
            var signature = command.Parameters.Add("$signature", SqliteType.Blob);
            foreach (var record in records)
            {
                id.Value = record.ArticleId;
                url.Value = (object?)record.CanonicalUrl ?? DBNull.Value;
                hash.Value = record.BodyHash;
                of.Value = (object?)record.DuplicateOf ?? DBNull.Value;
                method.Value = record.Method is { } m ? m.ToString().ToLowerInvariant() : DBNull.Value;
                similarity.Value = record.Similarity;
                seen.Value = record.SeenAt;
                shingles.Value = record.Shingles;
                signature.Value = record.Signature is { } s ? MemoryMarshal.AsBytes(s.AsSpan()).ToArray() : DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }
}
