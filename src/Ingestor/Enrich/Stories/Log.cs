using Microsoft.Extensions.Logging;

namespace Ingestor.Enrich.Stories;

internal static partial class Log
{
    [LoggerMessage(6101, LogLevel.Debug, "Article {ArticleId} placed in story {StoryId} (new: {Created}, similarity {Score})")]
    public static partial void Assigned(ILogger logger, string articleId, string storyId, bool created, double score);

    [LoggerMessage(6102, LogLevel.Information, "Loaded {Stories} active story(ies) and term statistics of {Documents} article(s)")]
    public static partial void Loaded(ILogger logger, int stories, long documents);

    [LoggerMessage(6103, LogLevel.Warning, "Could not save story term statistics on shutdown; they are rebuilt as articles arrive")]
    public static partial void FlushFailed(ILogger logger, Exception exception);
}
