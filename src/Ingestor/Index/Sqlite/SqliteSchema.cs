using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ingestor.Index.Sqlite;

/// <summary>
/// The index database: one file in WAL mode. <c>articles</c> holds the text and the stored document
/// (<c>doc</c>: the article JSON without title and body), <c>articles_fts</c> indexes title and body as
/// external content (<c>titles_fts</c> the title alone), <c>article_facets</c> holds each article's packed facet ordinals, published ticks and
/// id sort key, and <c>facet_values</c> numbers facet values per field. <c>meta</c> holds the schema
/// version and <c>seq</c>, the number of the last committed write transaction; every facet row, tombstone
/// and facet value records the seq that wrote it, so a process can catch up with changes made by any other.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    /// <summary>The tokenizer both the index and the rule matcher use, so their text semantics agree.</summary>
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";

    private static readonly string[] V1 =
    [
        """
        CREATE TABLE IF NOT EXISTS meta(
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS articles(
            docid INTEGER PRIMARY KEY AUTOINCREMENT,
            id    TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            body  TEXT NOT NULL,
            doc   TEXT NOT NULL
        )
        """,
        // Kept apart from the text so loading every article's facets at start-up reads ~50 bytes per article, not the bodies.
        """
        CREATE TABLE IF NOT EXISTS article_facets(
            docid     INTEGER PRIMARY KEY,
            seq       INTEGER NOT NULL,
            published INTEGER,
            id_key    INTEGER NOT NULL,
            facets    BLOB NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS article_facets_seq ON article_facets(seq)",
        """
        CREATE TABLE IF NOT EXISTS facet_values(
            field   INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            value   TEXT NOT NULL,
            seq     INTEGER NOT NULL,
            PRIMARY KEY(field, ordinal)
        ) WITHOUT ROWID
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS facet_values_value ON facet_values(field, value)",
        """
        CREATE TABLE IF NOT EXISTS tombstones(
            seq   INTEGER NOT NULL,
            docid INTEGER NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS tombstones_seq ON tombstones(seq)",
        $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
            title, body,
            content = 'articles', content_rowid = 'docid',
            tokenize = '{Tokenizer}'
        )
        """,
        // Titles again, on their own: ranking a very broad query asks which matches have a term in the title,
        // and this index answers from title doclists instead of filtering every body match by column.
        $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS titles_fts USING fts5(
            title,
            content = 'articles', content_rowid = 'docid',
            tokenize = '{Tokenizer}'
        )
        """,
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('seq', 0)",
    ];

    /// <summary>Opens a connection with the pragmas every connection needs.</summary>
    public static SqliteConnection Open(string path, TimeSpan busyTimeout, int cacheKib, bool create)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection,
                $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; " +
                "PRAGMA synchronous = NORMAL; " +
                "PRAGMA temp_store = MEMORY; " +
                $"PRAGMA cache_size = -{cacheKib}; " +
                "PRAGMA foreign_keys = OFF;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Switches to WAL and creates or migrates the schema; safe to run on every start.</summary>
    public static void Create(SqliteConnection connection)
    {
        using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode = WAL";
            var journal = mode.ExecuteScalar() as string;
            if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The index database could not switch to WAL mode (journal_mode is '{journal}').");
            }
        }
        using var transaction = connection.BeginTransaction();
        var version = ReadVersion(connection, transaction);
        if (version > Version)
        {
            throw new InvalidOperationException(
                $"The index database has schema version {version}, newer than this program understands ({Version}); upgrade Ingestor or reindex into a new file.");
        }
        foreach (var statement in V1)
        {
            Execute(connection, statement, transaction);
        }
        // Later versions add their migration steps here, each guarded by `version < N`.
        Execute(connection, $"INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', {Version})", transaction);
        transaction.Commit();
    }

    /// <summary>The last committed write transaction's number.</summary>
    public static long ReadSeq(SqliteSession session)
    {
        var statement = session.Statement("SELECT value FROM meta WHERE key = 'seq'");
        var seq = statement.Step() ? statement.Int64(0) : 0;
        statement.Finish();
        return seq;
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        return command.ExecuteScalar() is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
