using Ingestor.Configuration;
using Microsoft.Data.Sqlite;

namespace Ingestor.Pipeline;

/// <summary>
/// The worker's own durable state (journal, known articles, claims, feed and alert state), one SQLite
/// file beside the index whatever engine indexes. Writers serialize on <see cref="WriteLock"/> so a
/// batch is one transaction and "database is locked" never reaches callers.
/// </summary>
public sealed class StateDatabase(IngestorPaths paths) : IAsyncDisposable
{
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private bool _schemaReady;

    /// <summary>Held by whoever writes, for the length of one transaction.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public string Path => paths.StateDatabase;

    /// <summary>Opens a connection with every table in place.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteSetup.OpenAsync(paths.StateDatabase, cancellationToken);
        if (!_schemaReady)
        {
            await _schemaLock.WaitAsync(cancellationToken);
            try
            {
                if (!_schemaReady)
                {
                    await SqliteSetup.ExecuteAsync(connection, Schema, cancellationToken);
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaLock.Release();
            }
        }
        return connection;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            article BLOB NOT NULL,
            enqueued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE TABLE IF NOT EXISTS known_articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_indexed TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS claims (
            file TEXT PRIMARY KEY,
            source TEXT,
            origin TEXT NOT NULL,
            claimed_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    public ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        WriteLock.Dispose();
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
