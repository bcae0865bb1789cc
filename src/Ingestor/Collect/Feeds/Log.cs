using Microsoft.Extensions.Logging;

namespace Ingestor.Collect.Feeds;

internal static partial class Log
{
    [LoggerMessage(2101, LogLevel.Information, "Feed {Feed}: {Items} item(s) read, {Ingested} new")]
    public static partial void Polled(ILogger logger, string feed, int items, int ingested);

    [LoggerMessage(2102, LogLevel.Debug, "Feed {Feed}: not modified")]
    public static partial void NotModified(ILogger logger, string feed);

    [LoggerMessage(2103, LogLevel.Warning, "Feed {Feed}: poll failed ({Failures} in a row): {Reason}")]
    public static partial void PollFailed(ILogger logger, string feed, int failures, string reason);

    [LoggerMessage(2104, LogLevel.Error, "Feed {Feed}: poll failed ({Failures} in a row) with an internal error")]
    public static partial void PollError(ILogger logger, Exception exception, string feed, int failures);

    [LoggerMessage(2105, LogLevel.Information, "Feed {Feed}: {Count} problem(s) in the document, first: {First}")]
    public static partial void FeedProblems(ILogger logger, string feed, int count, string first);

    [LoggerMessage(2106, LogLevel.Warning, "Feed {Feed}: item {Origin} rejected: {Reason}")]
    public static partial void ItemRejected(ILogger logger, string feed, string origin, string reason);

    [LoggerMessage(2107, LogLevel.Information, "Feed {Feed}: item {Key} has neither title nor text; skipped")]
    public static partial void ItemEmpty(ILogger logger, string feed, string key);

    [LoggerMessage(2108, LogLevel.Information, "Feed {Feed}: full text of {Link} not fetched ({Reason}); using the feed's own text")]
    public static partial void FullTextFallback(ILogger logger, string feed, Uri link, string reason);

    [LoggerMessage(2109, LogLevel.Information, "Feed {Feed}: poll abandoned, the pipeline is stopping; it is repeated at the next start")]
    public static partial void PollAbandoned(ILogger logger, string feed);
}
