using Microsoft.Extensions.Logging;

namespace Ingestor.Index.Elasticsearch;

/// <summary>What the Elasticsearch engine tells operators; event ids 5100-5199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning,
        Message = "Elasticsearch node {Node} failed ({Reason}); skipping it for {Backoff}")]
    public static partial void NodeFailed(ILogger logger, Uri node, string reason, TimeSpan backoff);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Retrying Elasticsearch {Endpoint} (attempt {Attempt}) in {Delay}: {Reason}")]
    public static partial void Retrying(ILogger logger, string endpoint, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information,
        Message = "Connected to Elasticsearch at {Node}")]
    public static partial void ProductVerified(ILogger logger, Uri node);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning,
        Message = "Elasticsearch rejected {Count} article(s) temporarily; retrying them (attempt {Attempt})")]
    public static partial void BulkItemsRetrying(ILogger logger, int count, int attempt);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error,
        Message = "Elasticsearch refused article {ArticleId} ({ErrorType}: {Reason}); written to {DeadLetterPath}")]
    public static partial void DeadLettered(ILogger logger, string articleId, string errorType, string reason, string deadLetterPath);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information,
        Message = "Created Elasticsearch index {Index} behind aliases {ReadAlias} and {WriteAlias}")]
    public static partial void IndexCreated(ILogger logger, string index, string readAlias, string writeAlias);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information,
        Message = "Reindexed {Count} article(s) from {From} to {To}")]
    public static partial void Reindexed(ILogger logger, long count, string from, string to);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning,
        Message = "Could not close Elasticsearch point in time: {Reason}")]
    public static partial void PointInTimeNotClosed(ILogger logger, string reason);
}
