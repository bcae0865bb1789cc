using Microsoft.Extensions.Logging;

namespace Ingestor.Index.Sqlite;

internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Opened the SQLite index {Path}: {Articles} articles, facets loaded in {ElapsedMs} ms")]
    public static partial void Opened(ILogger logger, string path, int articles, long elapsedMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug,
        Message = "Indexed {Count} articles ({Created} new, {Updated} updated, {Failed} failed) as change {Seq} in {ElapsedMs} ms")]
    public static partial void Indexed(ILogger logger, int count, int created, int updated, int failed, long seq, long elapsedMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Article {Id} was not indexed: {Reason}")]
    public static partial void ArticleRejected(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug,
        Message = "Deleted article {Id} as change {Seq}")]
    public static partial void Deleted(ILogger logger, string id, long seq);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "Rebuilt the full-text index and facets of {Articles} article(s) as change {Seq} in {ElapsedMs} ms")]
    public static partial void Rebuilt(ILogger logger, long articles, long seq, long elapsedMs);
}
