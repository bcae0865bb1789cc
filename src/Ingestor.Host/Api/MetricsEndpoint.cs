using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Ingestor.Index;
using Ingestor.Pipeline;

namespace Ingestor.Host.Api;

/// <summary><c>GET /metrics</c>: every instrument on the "Ingestor" meter, in Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services) =>
        services.AddSingleton<PrometheusExporter>();

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created now, before the worker starts, so no measurement is missed.
        endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        endpoints.MapGet("/metrics", ScrapeAsync)
            .WithName("Metrics")
            .WithSummary("Counters, gauges and histograms in Prometheus text exposition format 0.0.4.")
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ScrapeAsync(PrometheusExporter exporter, ISearchIndex index, CancellationToken cancellationToken)
    {
        var extra = new List<ScrapeGauge>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            extra.Add(new ScrapeGauge("ingestor_index_documents", "Articles in the search index.", await index.CountAsync(timeout.Token)));
            extra.Add(new ScrapeGauge("ingestor_index_up", "1 when the index answered this scrape, else 0.", 1));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A scrape must still answer when the index does not: the failure is itself the signal.
            extra.Add(new ScrapeGauge("ingestor_index_up", "1 when the index answered this scrape, else 0.", 0));
        }
        return Results.Text(exporter.Render(extra), ContentType, Encoding.UTF8);
    }
}

/// <summary>A value read at scrape time rather than recorded by an instrument.</summary>
internal sealed record ScrapeGauge(string Name, string Help, double Value);

/// <summary>
/// Our own Prometheus exporter over System.Diagnostics.Metrics: a <see cref="MeterListener"/> that
/// aggregates the measurements of every instrument on the "Ingestor" meter (of this host's
/// <see cref="IMeterFactory"/>, so hosts sharing a process never mix) and renders them as text.
/// Counters become <c>NAME_total</c>, up-down counters and gauges plain gauges, histograms
/// cumulative <c>_bucket{le}</c> series with <c>_sum</c> and <c>_count</c>; a unit adds its suffix.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] MillisecondBuckets = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
    private static readonly double[] SecondBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] DefaultBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly IMeterFactory _factory;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(IMeterFactory factory, IngestorMetrics metrics, PipelineHealth health)
    {
        _factory = factory;
        metrics.Gauge("ingestor_journal_depth", () => health.JournalDepth, "Accepted articles waiting in the journal for the index.");
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>((i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<byte>((i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, state) => ((Family)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>Meters this exporter reads: "Ingestor" (and "Ingestor.*") created by this host's factory.</summary>
    private bool Exports(Meter meter) =>
        (meter.Name == IngestorMetrics.MeterName || meter.Name.StartsWith(IngestorMetrics.MeterName + ".", StringComparison.Ordinal))
        && (meter.Scope is null || ReferenceEquals(meter.Scope, _factory));

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!Exports(instrument.Meter) || Family.KindOf(instrument) is not { } kind)
        {
            return;
        }
        var family = new Family(instrument, kind, Family.ExportName(instrument, kind), BucketsFor(instrument));
        // First instrument with a name wins: two with one name would make the exposition invalid.
        if (_families.TryAdd(family.Name, family))
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }

    private static double[] BucketsFor(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.Select(b => b),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        if (advised is not null)
        {
            return [.. advised.Where(double.IsFinite).Distinct().Order()];
        }
        return instrument.Unit switch
        {
            "ms" => MillisecondBuckets,
            "s" => SecondBuckets,
            _ => DefaultBuckets,
        };
    }

    /// <summary>The exposition text: one family per instrument (sorted by name), then the scrape-time gauges.</summary>
    public string Render(IReadOnlyList<ScrapeGauge>? extra = null)
    {
        var text = new StringBuilder(4096);
        lock (_scrapeLock)
        {
            foreach (var family in _families.Values)
            {
                family.BeginObservation();
            }
            _listener.RecordObservableInstruments();
            var all = _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            foreach (var family in all)
            {
                family.Write(text);
            }
        }
        foreach (var gauge in extra ?? [])
        {
            if (_families.ContainsKey(gauge.Name))
            {
                continue;
            }
            text.Append("# HELP ").Append(gauge.Name).Append(' ').Append(EscapeHelp(gauge.Help)).Append('\n');
            text.Append("# TYPE ").Append(gauge.Name).Append(" gauge\n");
            text.Append(gauge.Name).Append(' ').Append(FormatValue(gauge.Value)).Append('\n');
        }
        return text.ToString();
    }

    internal static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A metric name or label name with every character outside [a-zA-Z0-9_] (and ':' for metrics) replaced by '_'.</summary>
    internal static string SanitizeName(string name, bool allowColon)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    internal enum Kind
    {
        Counter,
        ObservableCounter,
        UpDownCounter,
        ObservableGauge,
        Gauge,
        Histogram,
    }

    /// <summary>One exported metric family: the series of one instrument, keyed by their rendered labels.</summary>
    private sealed class Family(Instrument instrument, Kind kind, string name, double[] buckets)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public static Kind? KindOf(Instrument instrument)
        {
            if (!instrument.GetType().IsGenericType)
            {
                return null;
            }
            var definition = instrument.GetType().GetGenericTypeDefinition();
            return definition switch
            {
                _ when definition == typeof(Counter<>) => Kind.Counter,
                _ when definition == typeof(ObservableCounter<>) => Kind.ObservableCounter,
                _ when definition == typeof(UpDownCounter<>) => Kind.UpDownCounter,
                _ when definition == typeof(ObservableUpDownCounter<>) => Kind.ObservableGauge,
                _ when definition == typeof(ObservableGauge<>) => Kind.ObservableGauge,
                _ when definition == typeof(Gauge<>) => Kind.Gauge,
                _ when definition == typeof(Histogram<>) => Kind.Histogram,
                _ => null,
            };
        }

        public static string ExportName(Instrument instrument, Kind kind)
        {
            var name = SanitizeName(instrument.Name, allowColon: true);
            var unit = instrument.Unit switch
            {
                "ms" => "milliseconds",
                "s" => "seconds",
                "By" => "bytes",
                _ => null,
            };
            if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                name += "_" + unit;
            }
            if (kind is Kind.Counter or Kind.ObservableCounter && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }
            return name;
        }

        private string TypeName => kind switch
        {
            Kind.Counter or Kind.ObservableCounter => "counter",
            Kind.Histogram => "histogram",
            _ => "gauge",
        };

        private bool IsObservable => kind is Kind.ObservableCounter or Kind.ObservableGauge;

        /// <summary>Observable instruments report their current values at each scrape: start from none.</summary>
        public void BeginObservation()
        {
            if (IsObservable)
            {
                _series.Clear();
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            var series = _series.GetOrAdd(labels, static (_, length) => new Series(length), kind == Kind.Histogram ? buckets.Length + 1 : 0);
            lock (series)
            {
                switch (kind)
                {
                    case Kind.Counter or Kind.UpDownCounter:
                        series.Value += value;
                        break;
                    case Kind.Histogram:
                        // Buckets are "less than or equal": the first bound not below the value.
                        var index = Array.BinarySearch(buckets, value);
                        series.Buckets![index >= 0 ? index : ~index]++;
                        series.Sum += value;
                        series.Count++;
                        break;
                    default:
                        series.Value = value;
                        break;
                }
            }
        }

        private string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
            {
                return "";
            }
            var pairs = new List<(string Key, string Value)>(tags.Length);
            foreach (var tag in tags)
            {
                var key = SanitizeName(tag.Key, allowColon: false);
                if (key.StartsWith("__", StringComparison.Ordinal) || (kind == Kind.Histogram && key == "le"))
                {
                    key = "tag_" + key.TrimStart('_');
                }
                pairs.Add((key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var sb = new StringBuilder();
            string? previous = null;
            foreach (var (key, value) in pairs)
            {
                if (key == previous)
                {
                    continue;
                }
                previous = key;
                sb.Append(sb.Length == 0 ? "" : ",").Append(key).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
            }
            return sb.ToString();
        }

        public void Write(StringBuilder text)
        {
            var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
            text.Append("# HELP ").Append(Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(TypeName).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (kind != Kind.Histogram)
                    {
                        Sample(text, Name, labels, null, series.Value);
                        continue;
                    }
                    long cumulative = 0;
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        cumulative += series.Buckets![i];
                        Sample(text, Name + "_bucket", labels, FormatValue(buckets[i]), cumulative);
                    }
                    Sample(text, Name + "_bucket", labels, "+Inf", series.Count);
                    Sample(text, Name + "_sum", labels, null, series.Sum);
                    Sample(text, Name + "_count", labels, null, series.Count);
                }
            }
        }

        private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
        {
            text.Append(name);
            if (labels.Length > 0 || le is not null)
            {
                text.Append('{').Append(labels);
                if (le is not null)
                {
                    text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
                }
                text.Append('}');
            }
            text.Append(' ').Append(FormatValue(value)).Append('\n');
        }
    }

    private sealed class Series(int buckets)
    {
        public double Value;
        public double Sum;
        public long Count;
        public long[]? Buckets = buckets > 0 ? new long[buckets] : null;
    }
}
