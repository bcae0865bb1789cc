using Microsoft.Extensions.Logging;

namespace Ingestor.Collect.Http;

internal static partial class Log
{
    [LoggerMessage(2201, LogLevel.Debug, "Redirect from {From} to {To}")]
    public static partial void Redirected(ILogger logger, Uri from, Uri to);

    [LoggerMessage(2202, LogLevel.Information, "robots.txt of {Origin} disallows {Url}; not fetched")]
    public static partial void RobotsDisallowed(ILogger logger, string origin, Uri url);

    [LoggerMessage(2203, LogLevel.Warning, "robots.txt of {Origin} could not be read ({Reason}); article pages there are not fetched for now")]
    public static partial void RobotsUnavailable(ILogger logger, string origin, string reason);
}
