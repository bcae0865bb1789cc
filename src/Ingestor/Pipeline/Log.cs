using Microsoft.Extensions.Logging;

namespace Ingestor.Pipeline;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Accepted {Count} article(s) from {Origin}: {New} new, {Updated} updated, {Unchanged} unchanged")]
    public static partial void Accepted(ILogger logger, int count, string origin, int @new, int updated, int unchanged);

    [LoggerMessage(1002, LogLevel.Warning, "Rejected {Origin}: {Reason}")]
    public static partial void Rejected(ILogger logger, string origin, string reason);

    [LoggerMessage(1003, LogLevel.Error, "Unexpected failure normalizing {Origin}")]
    public static partial void NormalizeFailed(ILogger logger, Exception exception, string origin);

    [LoggerMessage(1010, LogLevel.Debug, "Indexed {Count} article(s) in {ElapsedMs} ms ({Created} created, {Updated} updated)")]
    public static partial void Indexed(ILogger logger, int count, long elapsedMs, int created, int updated);

    [LoggerMessage(1011, LogLevel.Warning, "Index unavailable ({Error}); {Pending} article(s) wait in the journal, retrying in {Delay}")]
    public static partial void IndexUnavailable(ILogger logger, string error, long pending, TimeSpan delay);

    [LoggerMessage(1012, LogLevel.Information, "Index available again; resuming")]
    public static partial void IndexRecovered(ILogger logger);

    [LoggerMessage(1013, LogLevel.Error, "Article {ArticleId} from {Origin} was refused by the index {Attempts} time(s) and is dead-lettered: {Error}")]
    public static partial void DeadLettered(ILogger logger, string articleId, string? origin, int attempts, string error);

    [LoggerMessage(1014, LogLevel.Warning, "Journal holds {Pending} article(s), at its limit of {Limit}: new input waits until the index catches up")]
    public static partial void JournalFull(ILogger logger, long pending, int limit);

    [LoggerMessage(1015, LogLevel.Error, "After-index step {Step} failed for a batch of {Count}; the batch will be retried")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string step, int count);

    [LoggerMessage(1017, LogLevel.Warning, "The {Engine} index is not ready ({Error}); input is journaled meanwhile, retrying in {Delay}")]
    public static partial void IndexNotReady(ILogger logger, string engine, string error, TimeSpan delay);

    [LoggerMessage(1016, LogLevel.Warning, "Article {ArticleId} was refused by the index: {Error}")]
    public static partial void ItemFailed(ILogger logger, string articleId, string error);
}
