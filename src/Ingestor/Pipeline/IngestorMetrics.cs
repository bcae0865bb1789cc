using System.Diagnostics.Metrics;

namespace Ingestor.Pipeline;

/// <summary>The pipeline's instruments (meter "Ingestor"); /metrics exports them in Prometheus text.</summary>
public sealed class IngestorMetrics : IDisposable
{
    public const string MeterName = "Ingestor";

    private readonly Meter _meter;

    public IngestorMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        Articles = _meter.CreateCounter<long>("ingestor_articles", description: "Articles accepted, by outcome (new, updated, unchanged) and source.");
        Quarantined = _meter.CreateCounter<long>("ingestor_quarantined", description: "Inputs quarantined, by source.");
        StageDuration = _meter.CreateHistogram<double>("ingestor_stage_duration", unit: "ms", description: "Time spent per stage (normalize, enrich, accept, duplicates, stories, index with its batch stages, alerts).");
        IndexErrors = _meter.CreateCounter<long>("ingestor_index_errors", description: "Failed index batches.");
        Indexed = _meter.CreateCounter<long>("ingestor_indexed", description: "Articles written to the index.");
        Duplicates = _meter.CreateCounter<long>("ingestor_duplicates", description: "Articles found to copy an earlier one, by method (url, content, near).");
        Stories = _meter.CreateCounter<long>("ingestor_stories", description: "Stories started.");
        AlertsSent = _meter.CreateCounter<long>("ingestor_alerts_sent", description: "Alert deliveries that succeeded, by destination type.");
        AlertsFailed = _meter.CreateCounter<long>("ingestor_alerts_failed", description: "Alert deliveries given up on (dead-lettered), by destination type.");
    }

    public Counter<long> Articles { get; }
    public Counter<long> Quarantined { get; }
    public Histogram<double> StageDuration { get; }
    public Counter<long> IndexErrors { get; }
    public Counter<long> Indexed { get; }
    public Counter<long> Duplicates { get; }
    public Counter<long> Stories { get; }
    public Counter<long> AlertsSent { get; }
    public Counter<long> AlertsFailed { get; }

    /// <summary>Registers an observable gauge (journal depth and the like).</summary>
    public void Gauge(string name, Func<long> read, string description) =>
        _meter.CreateObservableGauge(name, read, description: description);

    public Meter Meter => _meter;

    public void Dispose() => _meter.Dispose();
}
