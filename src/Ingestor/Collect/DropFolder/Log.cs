using Microsoft.Extensions.Logging;

namespace Ingestor.Collect.DropFolder;

internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Watching drop folder(s) {Folders}")]
    public static partial void Watching(ILogger logger, string folders);

    [LoggerMessage(2002, LogLevel.Warning, "Quarantined {Origin}: {Reason}")]
    public static partial void Quarantined(ILogger logger, string origin, string reason);

    [LoggerMessage(2003, LogLevel.Error, "Could not handle {File}; it stays where it is and is retried")]
    public static partial void FileFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(2004, LogLevel.Information, "Retrying {File}, left in processing/ by an earlier run")]
    public static partial void Retrying(ILogger logger, string file);
}
