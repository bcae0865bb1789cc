using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;

namespace Ingestor.Alerts;

/// <summary>The alert tables in the state database: API rules, alerts (the outbox and history), deliveries, story follow-up.</summary>
public sealed class AlertDatabase(StateDatabase database)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS alert_rules (
            id TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS alert_meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS alerts (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            dedup_key TEXT NOT NULL UNIQUE,
            rule_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            story_id TEXT,
            article_ids TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            payload BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS alerts_rule ON alerts(rule_id, seq);
        CREATE TABLE IF NOT EXISTS alert_deliveries (
            alert_seq INTEGER NOT NULL REFERENCES alerts(seq) ON DELETE CASCADE,
            destination_index INTEGER NOT NULL,
            destination TEXT NOT NULL,
            spec TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at INTEGER NOT NULL,
            last_error TEXT,
            sent_at INTEGER,
            PRIMARY KEY (alert_seq, destination_index)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries(status, due_at);
        CREATE TABLE IF NOT EXISTS alert_story_state (
            rule_id TEXT NOT NULL,
            story_id TEXT NOT NULL,
            sources TEXT NOT NULL,
            reported TEXT NOT NULL,
            last_alert_at INTEGER,
            pending TEXT NOT NULL,
            due INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (rule_id, story_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS alert_story_state_due ON alert_story_state(due) WHERE due = 1;
        CREATE TABLE IF NOT EXISTS alert_seen (
            rule_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (rule_id, article_id)
        ) WITHOUT ROWID;
        """;

    private bool _schemaReady;

    public StateDatabase State => database;

    public SemaphoreSlim WriteLock => database.WriteLock;

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
}
