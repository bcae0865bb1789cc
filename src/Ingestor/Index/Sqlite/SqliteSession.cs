using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ingestor.Index.Sqlite;

/// <summary>One open connection and the raw statements prepared on it.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, RawStatement> _statements = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>A statement prepared once per connection and reused.</summary>
    public RawStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = RawStatement.Prepare(Connection, sql);
            _statements[sql] = statement;
        }
        return statement.Start();
    }

    public bool InTransaction => raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    /// <summary>Starts a read transaction (one consistent snapshot) unless one is open; true when it started one.</summary>
    public bool BeginRead()
    {
        if (InTransaction)
        {
            return false;
        }
        Exec("BEGIN");
        return true;
    }

    public void EndRead()
    {
        ResetStatements();
        if (InTransaction)
        {
            Exec("COMMIT");
        }
    }

    /// <summary>Abandons the open transaction, if any.</summary>
    public void Rollback()
    {
        ResetStatements();
        if (InTransaction)
        {
            Exec("ROLLBACK");
        }
    }

    private void ResetStatements()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Finish();
        }
    }

    public void Exec(string sql)
    {
        var rc = raw.sqlite3_exec(Connection.Handle, sql);
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, Connection.Handle);
        }
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }
        _statements.Clear();
        Connection.Dispose();
    }
}
