using Microsoft.Extensions.Options;

namespace Ingestor.Collect.Feeds;

/// <summary>One feed as `GET /api/sources` and `ingestor sources` show it.</summary>
/// <param name="Health">disabled, pending (not polled yet), ok, degraded (1–2 failures in a row) or failing (3 or more).</param>
public sealed record FeedHealth(
    string Name,
    string Kind,
    string Url,
    bool Enabled,
    string Health,
    IReadOnlyList<string> Tags,
    bool FullText,
    string Schedule,
    DateTimeOffset? LastPoll,
    DateTimeOffset? LastSuccess,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures,
    DateTimeOffset? NextPoll,
    int ItemsLastPoll);

/// <summary>The body of `GET /api/sources`.</summary>
public sealed record SourcesReport(IReadOnlyList<FeedHealth> Sources);

/// <summary>Joins the configured feeds with their stored state.</summary>
public sealed class FeedHealthReader(IOptions<FeedSourceOptions> options, FeedStateStore store)
{
    public async Task<SourcesReport> ReadAsync(CancellationToken cancellationToken)
    {
        var states = (await store.AllAsync(cancellationToken)).ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        var feeds = options.Value.Sources.Select(source =>
        {
            states.TryGetValue(source.Name, out var state);
            var health = !source.Enabled ? "disabled"
                : state?.LastPoll is null ? "pending"
                : state.ConsecutiveFailures == 0 ? "ok"
                : state.ConsecutiveFailures < 3 ? "degraded"
                : "failing";
            var schedule = string.IsNullOrWhiteSpace(source.Cron) ? "every " + source.PollInterval : "cron " + source.Cron;
            return new FeedHealth(source.Name, "feed", source.Url, source.Enabled, health, source.Tags, source.FullText, schedule,
                state?.LastPoll, state?.LastSuccess, state?.LastError, state?.LastErrorAt, state?.ConsecutiveFailures ?? 0,
                source.Enabled ? state?.NextPoll : null, state?.ItemsLastPoll ?? 0);
        }).ToList();
        return new SourcesReport(feeds);
    }
}
