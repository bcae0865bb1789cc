using System.Globalization;
using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;

namespace Ingestor.Collect.Feeds;

/// <summary>What the worker knows about one feed between polls: conditional-GET validators and health.</summary>
public sealed record FeedState
{
    public required string Name { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? LastPoll { get; init; }
    public DateTimeOffset? LastSuccess { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? NextPoll { get; init; }
    public int ItemsLastPoll { get; init; }
}

/// <summary>
/// Feed state and seen items in the state database (ingestor.db). An item is marked seen only after the
/// journal holds its article, so a crash between the two re-delivers it (harmless: ids are idempotent).
/// </summary>
public sealed class FeedStateStore(StateDatabase database)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS feed_state (
            name TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_poll TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_poll TEXT,
            items_last_poll INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS feed_seen (
            feed TEXT NOT NULL,
            item_key TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (feed, item_key)
        ) WITHOUT ROWID;
        """;

    private volatile bool _ready;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (!_ready)
        {
            await SqliteSetup.ExecuteAsync(connection, Schema, cancellationToken);
            _ready = true;
        }
        return connection;
    }

    public async Task<FeedState?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await ReadAsync(name, cancellationToken)).FirstOrDefault();

    public Task<List<FeedState>> AllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    private async Task<List<FeedState>> ReadAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT name, etag, last_modified, last_poll, last_success, last_error, last_error_at, consecutive_failures, next_poll, items_last_poll
            FROM feed_state
            """ + (name is null ? "" : " WHERE name = $name");
        if (name is not null)
        {
            command.Parameters.AddWithValue("$name", name);
        }
        var states = new List<FeedState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(new FeedState
            {
                Name = reader.GetString(0),
                ETag = Text(reader, 1),
                LastModified = Text(reader, 2),
                LastPoll = Date(reader, 3),
                LastSuccess = Date(reader, 4),
                LastError = Text(reader, 5),
                LastErrorAt = Date(reader, 6),
                ConsecutiveFailures = reader.GetInt32(7),
                NextPoll = Date(reader, 8),
                ItemsLastPoll = reader.GetInt32(9),
            });
        }
        return states;
    }

    public async Task SaveAsync(FeedState state, CancellationToken cancellationToken)
    {
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR REPLACE INTO feed_state (name, etag, last_modified, last_poll, last_success, last_error, last_error_at, consecutive_failures, next_poll, items_last_poll)
                VALUES ($name, $etag, $lm, $poll, $success, $error, $errorAt, $failures, $next, $items)
                """;
            command.Parameters.AddWithValue("$name", state.Name);
            command.Parameters.AddWithValue("$etag", (object?)state.ETag ?? DBNull.Value);
            command.Parameters.AddWithValue("$lm", (object?)state.LastModified ?? DBNull.Value);
            command.Parameters.AddWithValue("$poll", Format(state.LastPoll));
            command.Parameters.AddWithValue("$success", Format(state.LastSuccess));
            command.Parameters.AddWithValue("$error", (object?)state.LastError ?? DBNull.Value);
            command.Parameters.AddWithValue("$errorAt", Format(state.LastErrorAt));
            command.Parameters.AddWithValue("$failures", state.ConsecutiveFailures);
            command.Parameters.AddWithValue("$next", Format(state.NextPoll));
            command.Parameters.AddWithValue("$items", state.ItemsLastPoll);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public async Task<bool> IsSeenAsync(string feed, string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM feed_seen WHERE feed = $feed AND item_key = $key";
        command.Parameters.AddWithValue("$feed", feed);
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Records items as seen; call only once the journal holds their articles.</summary>
    public async Task MarkSeenAsync(string feed, IEnumerable<string> keys, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR IGNORE INTO feed_seen (feed, item_key, seen_at) VALUES ($feed, $key, $at)";
            var feedParameter = command.Parameters.Add("$feed", SqliteType.Text);
            var keyParameter = command.Parameters.Add("$key", SqliteType.Text);
            command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            foreach (var key in keys)
            {
                feedParameter.Value = feed;
                keyParameter.Value = key;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public async Task<long> SeenCountAsync(string feed, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM feed_seen WHERE feed = $feed";
        command.Parameters.AddWithValue("$feed", feed);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Date(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static object Format(DateTimeOffset? value) => value is { } v ? v.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
}
