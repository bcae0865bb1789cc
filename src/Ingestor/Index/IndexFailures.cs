using Ingestor.Index.Elasticsearch;
using Microsoft.Data.Sqlite;

namespace Ingestor.Index;

/// <summary>What an engine's exceptions mean, so the stages that call an index need not know either engine.</summary>
public static class IndexFailures
{
    /// <summary>
    /// Failures of the index itself (disk full, locked, unreachable, overloaded) rather than of one article:
    /// they never dead-letter an article, however long they last, even while searches still work.
    /// </summary>
    public static bool IsOutage(Exception ex) => ex switch
    {
        IOException or HttpRequestException or TimeoutException or ElasticsearchUnavailableException => true,
        // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary codes).
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is 5 or 6 or 10 or 13 or 14,
        ElasticsearchException elastic => elastic.StatusCode is 0 or 408 or 429 or >= 500 || elastic.ErrorType == "cluster_block_exception",
        _ => ex.InnerException is { } inner && IsOutage(inner),
    };
}
