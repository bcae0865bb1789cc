using System.Diagnostics.Metrics;
using System.Net;
using Ingestor.Host.Api;
using Ingestor.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Host;

/// <summary>/metrics: our Prometheus exporter, read back with a strict parser of the text format.</summary>
public sealed class MetricsEndpointTests
{
    private static void Drop(IngestorApp app, string fixture)
    {
        var temp = Path.Combine(app.Paths.Inbox, "." + fixture + ".tmp");
        File.Copy(TestFiles.Fixture("articles", fixture), temp, overwrite: true);
        File.Move(temp, Path.Combine(app.Paths.Inbox, fixture));
    }

    [Fact]
    public async Task Metrics_AfterIngestingFiles_ParseAsPrometheusTextWithTheirCounts()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        foreach (var fixture in new[] { "lisbon-01.txt", "lisbon-02.txt", "football-01.txt" })
        {
            Drop(app, fixture);
        }
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "empty.txt"), []);
        Assert.True(await IngestorApp.EventuallyAsync(async () =>
            (await app.GetJsonAsync<Ingestor.Index.SearchResult>("/api/search")).Total == 3
            && Directory.GetFiles(app.Paths.Quarantine, "*.error.json").Length == 1));

        PrometheusText.Exposition metrics = null!;
        Assert.True(await IngestorApp.EventuallyAsync(async () =>
        {
            metrics = PrometheusText.Parse(await app.Client.GetStringAsync("/metrics"));
            return metrics.Families["ingestor_indexed_total"].Samples.Sum(s => s.Value) == 3;
        }));

        Assert.Equal("counter", metrics["ingestor_articles_total"].Type);
        Assert.Equal(3, metrics.Value("ingestor_articles_total", ("outcome", "new"), ("source", "inbox")));
        Assert.Equal(1, metrics["ingestor_quarantined_total"].Samples.Sum(s => s.Value));
        Assert.Equal(0, metrics["ingestor_index_errors_total"].Samples.Sum(s => s.Value));
        Assert.Equal("gauge", metrics["ingestor_journal_depth"].Type);
        Assert.Equal(0, metrics.Value("ingestor_journal_depth"));
        Assert.Equal(3, metrics.Value("ingestor_index_documents"));
        Assert.Equal(1, metrics.Value("ingestor_index_up"));

        var stages = metrics["ingestor_stage_duration_milliseconds"];
        Assert.Equal("histogram", stages.Type);
        Assert.False(string.IsNullOrWhiteSpace(stages.Help));
        foreach (var stage in new[] { "normalize", "accept", "index" })
        {
            Assert.True(metrics.Value("ingestor_stage_duration_milliseconds_count", ("stage", stage)) >= 1, stage);
            Assert.Equal(metrics.Value("ingestor_stage_duration_milliseconds_count", ("stage", stage)),
                metrics.Value("ingestor_stage_duration_milliseconds_bucket", ("stage", stage), ("le", "+Inf")));
            Assert.True(metrics.Value("ingestor_stage_duration_milliseconds_sum", ("stage", stage)) > 0, stage);
        }
        Assert.True(metrics.Value("ingestor_stage_duration_milliseconds_count", ("stage", "normalize")) >= 3);
    }

    [Fact]
    public async Task Metrics_ContentType_IsPrometheusText004()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);

        var response = await app.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_WithApiKeysConfigured_RequireAKey()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: new Dictionary<string, string?> { ["Api:ApiKeys:0"] = "metrics-key" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/metrics")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "metrics-key");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
    }

    private static ServiceProvider ExporterServices()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<IngestorMetrics>();
        services.AddSingleton<PipelineHealth>();
        services.AddSingleton<PrometheusExporter>();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Render_EveryInstrumentKind_IsExportedInValidText()
    {
        using var provider = ExporterServices();
        var exporter = provider.GetRequiredService<PrometheusExporter>();
        var meter = provider.GetRequiredService<IMeterFactory>().Create(IngestorMetrics.MeterName);
        var polls = meter.CreateCounter<long>("ingestor_feed_polls", description: "Feed polls by outcome.");
        var inFlight = meter.CreateUpDownCounter<int>("ingestor.in_flight", description: "Files being handled.");
        var temperature = meter.CreateGauge<double>("ingestor_last_batch", unit: "s", description: "Last batch took.");
        var observed = 0L;
        meter.CreateObservableCounter("ingestor_polled_bytes", () => observed, unit: "By", description: "Bytes fetched.");
        var latency = meter.CreateHistogram<double>("ingestor_delivery", unit: "ms", description: "Delivery latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100, 1000] });

        polls.Add(2, new KeyValuePair<string, object?>("outcome", "ok"), new KeyValuePair<string, object?>("feed", "a \"quoted\" \\ name\nwith a line"));
        polls.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("feed", "b"));
        inFlight.Add(5);
        inFlight.Add(-2);
        temperature.Record(0.25);
        temperature.Record(0.5);
        observed = 4096;
        foreach (var value in new[] { 5.0, 10.0, 10.5, 100.0, 5000.0 })
        {
            latency.Record(value, new KeyValuePair<string, object?>("le", "clash"), new KeyValuePair<string, object?>("destination", "webhook"));
        }

        var text = exporter.Render();
        var metrics = PrometheusText.Parse(text);

        Assert.Equal(2, metrics.Value("ingestor_feed_polls_total", ("outcome", "ok"), ("feed", "a \"quoted\" \\ name\nwith a line")));
        Assert.Equal(1, metrics.Value("ingestor_feed_polls_total", ("outcome", "failed")));
        Assert.Equal("gauge", metrics["ingestor_in_flight"].Type);
        Assert.Equal(3, metrics.Value("ingestor_in_flight"));
        Assert.Equal(0.5, metrics.Value("ingestor_last_batch_seconds"));
        Assert.Equal("counter", metrics["ingestor_polled_bytes_total"].Type);
        Assert.Equal(4096, metrics.Value("ingestor_polled_bytes_total"));
        Assert.Equal("histogram", metrics["ingestor_delivery_milliseconds"].Type);
        // le is "less than or equal": 5 and 10 fall in le=10; 10.5 and 100 in le=100; 5000 only in +Inf.
        Assert.Equal(2, metrics.Value("ingestor_delivery_milliseconds_bucket", ("le", "10")));
        Assert.Equal(4, metrics.Value("ingestor_delivery_milliseconds_bucket", ("le", "100")));
        Assert.Equal(4, metrics.Value("ingestor_delivery_milliseconds_bucket", ("le", "1000")));
        Assert.Equal(5, metrics.Value("ingestor_delivery_milliseconds_bucket", ("le", "+Inf")));
        Assert.Equal(5125.5, metrics.Value("ingestor_delivery_milliseconds_sum"));
        // A tag named like the reserved bucket label is renamed, never mixed with it.
        Assert.All(metrics["ingestor_delivery_milliseconds"].Samples, s => Assert.Equal("clash", s.Label("tag_le")));
        Assert.Contains("# HELP ingestor_feed_polls_total Feed polls by outcome.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HelpWithBackslashAndNewline_IsEscaped()
    {
        using var provider = ExporterServices();
        var exporter = provider.GetRequiredService<PrometheusExporter>();
        var meter = provider.GetRequiredService<IMeterFactory>().Create(IngestorMetrics.MeterName);
        meter.CreateCounter<long>("ingestor_odd", description: "A \\ path\nand a second line").Add(1);

        var metrics = PrometheusText.Parse(exporter.Render());

        Assert.Equal("A \\ path\nand a second line", metrics["ingestor_odd_total"].Help);
    }

    [Fact]
    public void Render_MetersOfAnotherHostOrName_AreNotExported()
    {
        using var mine = ExporterServices();
        using var other = ExporterServices();
        var exporter = mine.GetRequiredService<PrometheusExporter>();
        other.GetRequiredService<IMeterFactory>().Create(IngestorMetrics.MeterName).CreateCounter<long>("ingestor_elsewhere").Add(1);
        mine.GetRequiredService<IMeterFactory>().Create("SomethingElse").CreateCounter<long>("ingestor_unrelated").Add(1);
        mine.GetRequiredService<IngestorMetrics>().Indexed.Add(7);

        var metrics = PrometheusText.Parse(exporter.Render());

        Assert.False(metrics.Families.ContainsKey("ingestor_elsewhere_total"));
        Assert.False(metrics.Families.ContainsKey("ingestor_unrelated_total"));
        Assert.Equal(7, metrics.Value("ingestor_indexed_total"));
    }

    [Fact]
    public void Parser_RejectsInvalidExpositions()
    {
        string[] invalid =
        [
            "metric 1",                                                     // no final newline
            "bad-name 1\n",
            "m{l=\"unterminated} 1\n",
            "m{l=\"bad \\t escape\"} 1\n",
            "# TYPE m counter\nm -1\n",
            "# TYPE m counter\nm 1\n# TYPE m counter\n",
            "a 1\nb 1\na 2\n",                                              // interleaved families
            "m{l=\"x\"} 1\nm{l=\"x\"} 2\n",                                 // duplicate series
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
            "m one\n",
        ];
        foreach (var text in invalid)
        {
            Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        }
    }
}
