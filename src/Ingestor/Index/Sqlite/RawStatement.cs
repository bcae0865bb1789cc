using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ingestor.Index.Sqlite;

/// <summary>
/// A prepared statement used directly through SQLitePCL: the hot read paths (streaming hundreds of
/// thousands of FTS5 rowids, loading facet blobs) avoid the per-row overhead of SqliteDataReader.
/// Errors surface as <see cref="SqliteException"/>, exactly as Microsoft.Data.Sqlite would raise them.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    private RawStatement(sqlite3 db, sqlite3_stmt stmt)
    {
        _db = db;
        _stmt = stmt;
    }

    public static RawStatement Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        return new RawStatement(db, stmt ?? throw new ArgumentException("The SQL text holds no statement.", nameof(sql)));
    }

    /// <summary>Resets the statement and clears its parameters for the next use.</summary>
    public RawStatement Start()
    {
        raw.sqlite3_reset(_stmt);
        raw.sqlite3_clear_bindings(_stmt);
        return this;
    }

    public RawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public RawStatement Bind(int index, double value)
    {
        Check(raw.sqlite3_bind_double(_stmt, index, value));
        return this;
    }

    public RawStatement Bind(int index, string value)
    {
        Check(raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    public RawStatement BindNullable(int index, long? value) => value is { } v ? Bind(index, v) : BindNull(index);

    public RawStatement Bind(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    public RawStatement BindNull(int index)
    {
        Check(raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    /// <summary>Runs a statement that returns no rows (or ignores them) and resets it.</summary>
    public void Run()
    {
        while (Step())
        {
        }
        Finish();
    }

    public long LastInsertRowid => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Advances to the next row; false when done. Resets the statement on errors so its read lock is released.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }
        raw.sqlite3_reset(_stmt);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    /// <summary>Releases the statement's hold on the database without finalizing it.</summary>
    public void Finish() => raw.sqlite3_reset(_stmt);

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public double Double(int column) => raw.sqlite3_column_double(_stmt, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public string Text(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string() ?? "";

    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_stmt, column);

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
