using System.Diagnostics.Metrics;
using Ingestor.Pipeline;

namespace Ingestor.Collect.Feeds;

/// <summary>Feed instruments on the "Ingestor" meter: polls by outcome and items by what became of them.</summary>
public sealed class FeedMetrics
{
    private readonly Counter<long> _polls;
    private readonly Counter<long> _items;

    public FeedMetrics(IngestorMetrics metrics)
    {
        _polls = metrics.Meter.CreateCounter<long>("ingestor_feed_polls", description: "Feed polls by feed and outcome (ok, not_modified, failed, backing_off).");
        _items = metrics.Meter.CreateCounter<long>("ingestor_feed_items",
            description: "Feed items by feed and outcome (ingested, seen, rejected, empty, full_text, full_text_fallback).");
    }

    public void Poll(string feed, PollOutcome outcome) =>
        _polls.Add(1, new KeyValuePair<string, object?>("feed", feed), new KeyValuePair<string, object?>("outcome", outcome switch
        {
            PollOutcome.Ok => "ok",
            PollOutcome.NotModified => "not_modified",
            PollOutcome.Failed => "failed",
            _ => "backing_off",
        }));

    public void Item(string feed, string outcome) =>
        _items.Add(1, new KeyValuePair<string, object?>("feed", feed), new KeyValuePair<string, object?>("outcome", outcome));
}
