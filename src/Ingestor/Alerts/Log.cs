using Microsoft.Extensions.Logging;

namespace Ingestor.Alerts;

internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Recorded {Count} alert(s) from {Rules} matching rule(s)")]
    public static partial void AlertsRecorded(ILogger logger, int count, int rules);

    [LoggerMessage(7002, LogLevel.Error, "Alert rule {RuleId} cannot be evaluated and is skipped: {Error}")]
    public static partial void RuleUnusable(ILogger logger, string ruleId, string error);

    [LoggerMessage(7010, LogLevel.Information, "ALERT [{RuleId}] {Kind} {AlertId}: {Summary}")]
    public static partial void AlertLogged(ILogger logger, string ruleId, string kind, string alertId, string summary);

    [LoggerMessage(7011, LogLevel.Debug, "Delivered alert {AlertId} of rule {RuleId} to {Destination}")]
    public static partial void Delivered(ILogger logger, string alertId, string ruleId, string destination);

    [LoggerMessage(7012, LogLevel.Warning, "Delivery of alert {AlertId} of rule {RuleId} to {Destination} failed (attempt {Attempt}); retrying at {RetryAt:o}: {Error}")]
    public static partial void DeliveryRetry(ILogger logger, string alertId, string ruleId, string destination, int attempt, DateTimeOffset retryAt, string error);

    [LoggerMessage(7013, LogLevel.Error, "Gave up delivering alert {AlertId} of rule {RuleId} to {Destination} after {Attempts} attempt(s); dead-lettered: {Error}")]
    public static partial void DeliveryDead(ILogger logger, string alertId, string ruleId, string destination, int attempts, string error);

    [LoggerMessage(7014, LogLevel.Error, "Alert delivery round failed; it is retried on the next sweep")]
    public static partial void RoundFailed(ILogger logger, Exception exception);
}
