using Microsoft.Extensions.Logging;

namespace Ingestor.Enrich.Duplicates;

internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Debug, "Article {ArticleId} duplicates {Original} ({Method}, similarity {Similarity})")]
    public static partial void Duplicate(ILogger logger, string articleId, string original, string method, double similarity);

    [LoggerMessage(6002, LogLevel.Information, "Loaded {Count} original(s) for near-duplicate detection")]
    public static partial void Loaded(ILogger logger, int count);
}
