using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Host.Cli;
using Ingestor.Index;
using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;

namespace Ingestor.Host.Bench;

/// <summary>`ingestor bench` results; serialized snake_case as the JSON shape.</summary>
internal sealed record BenchReport(
    int Articles,
    double ArticlesPerS,
    double RatioVsRawFts5,
    double RatioVsIoFloor,
    IReadOnlyDictionary<string, StageTime> Stages,
    Percentiles SearchMs,
    double PeakWorkingSetMb,
    double IndexBytesPerArticle)
{
    /// <summary>Reference rates and details the table shows; not part of the JSON contract.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public BenchDetails Details { get; init; } = new(0, 0, 0, 0, 0, []);
}

internal sealed record StageTime(double Ms, double Share);

internal sealed record Percentiles(double P50, double P95, double P99);

internal sealed record BenchDetails(double RawFts5PerS, double IoFloorPerS, double ElapsedS, long Words, int NearDuplicates, IReadOnlyList<(string Query, long Total, double P50)> Queries)
{
    /// <summary>Process CPU time while ingesting (all threads): on a shared machine articles per CPU-second say more than wall time.</summary>
    public double CpuS { get; init; }

    /// <summary>Managed bytes allocated while ingesting (all threads): drives how often the GC stops the workers.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Time the GC had the process paused while ingesting, and the collections per generation.</summary>
    public double GcPauseS { get; init; }

    public (int Gen0, int Gen1, int Gen2) Collections { get; init; }
}

/// <summary>
/// The end-to-end load run: generates a seeded corpus of text files, measures the two references on
/// the same files (reading plus JSON-serializing them; a bare FTS5 table filled with their text), then
/// ingests them through the real pipeline into a temporary data folder and times a faceted-search mix.
/// </summary>
internal sealed class BenchRunner(int articles, int seed, string configDirectory, Func<string, long, Func<Action<long>, Task>, Task> progress)
{
    /// <summary>Rounds of the search mix after one warm-up round.</summary>
    private const int SearchRounds = 10;

    /// <summary>Articles per transaction in the raw FTS5 reference: the pipeline's default index batch.</summary>
    private const int RawBatch = 256;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "ingestor-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            return await RunInAsync(root, cancellationToken);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the report matters more.
            }
        }
    }

    private async Task<BenchReport> RunInAsync(string root, CancellationToken cancellationToken)
    {
        var corpusDirectory = Path.Combine(root, "corpus");
        Directory.CreateDirectory(corpusDirectory);
        var corpus = new NewsCorpus(seed);
        var files = new List<(string Path, CorpusArticle Article)>(articles);
        long words = 0;
        var nearDuplicates = 0;
        await progress("Generating", articles, async report =>
        {
            for (var n = 0; n < articles; n++)
            {
                var article = corpus.Article(n);
                var path = Path.Combine(corpusDirectory, article.FileName);
                await File.WriteAllTextAsync(path, article.Text, cancellationToken);
                File.SetLastWriteTimeUtc(path, article.Published.UtcDateTime);
                // Keep only what the run needs: the text is read back from the file like a drop folder would.
                files.Add((path, article with { Text = "" }));
                words += article.Words;
                nearDuplicates += article.CopyOf is null ? 0 : 1;
                report(n + 1);
            }
        });

        var ioFloor = await MeasureIoFloorAsync(files, cancellationToken);
        var rawFts5 = await MeasureRawFts5Async(files, Path.Combine(root, "raw-fts5.db"), cancellationToken);
        var paths = new IngestorPaths(Path.Combine(root, "data"), configDirectory);
        var (elapsed, cpu, gc, stages, search, queries) = await IngestAndSearchAsync(files, paths, cancellationToken);

        var indexBytes = new[] { paths.IndexDatabase, paths.IndexDatabase + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var rate = articles / elapsed.TotalSeconds;
        return new BenchReport(
            articles,
            Math.Round(rate, 1),
            Math.Round(rate / rawFts5, 3),
            Math.Round(rate / ioFloor, 3),
            stages,
            search,
            Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
            Math.Round(indexBytes / (double)articles, 0))
        {
            Details = new BenchDetails(Math.Round(rawFts5, 1), Math.Round(ioFloor, 1), elapsed.TotalSeconds, words, nearDuplicates, queries) { CpuS = cpu.TotalSeconds, AllocatedBytes = gc.Allocated, GcPauseS = gc.Pause.TotalSeconds, Collections = gc.Collections },
        };
    }

    /// <summary>Articles/s for reading each file and serializing it as a JSON document: the cost of touching the data at all.</summary>
    private static async Task<double> MeasureIoFloorAsync(List<(string Path, CorpusArticle Article)> files, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var text = await File.ReadAllTextAsync(file.Path, token);
            var json = JsonSerializer.SerializeToUtf8Bytes(new IoFloorDocument(file.Path, file.Article.Source, text), IngestorJson.Compact);
            Interlocked.Add(ref bytes, json.Length); // the result is used, so the serialization cannot be skipped
        });
        return files.Count / watch.Elapsed.TotalSeconds;
    }

    private sealed record IoFloorDocument(string Origin, string Source, string Text);

    /// <summary>
    /// Articles/s for reading each file and inserting its title and text into a bare FTS5 table, in
    /// transactions of one index batch, with the index's pragmas: the floor cost of the embedded index.
    /// </summary>
    private static async Task<double> MeasureRawFts5Async(List<(string Path, CorpusArticle Article)> files, string database, CancellationToken cancellationToken)
    {
        SQLitePCL.Batteries_V2.Init();
        var watch = Stopwatch.StartNew();
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; " +
                                    "CREATE VIRTUAL TABLE docs USING fts5(title, body);";
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }
            for (var start = 0; start < files.Count; start += RawBatch)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO docs(title, body) VALUES ($title, $body)";
                var title = insert.Parameters.Add("$title", SqliteType.Text);
                var body = insert.Parameters.Add("$body", SqliteType.Text);
                foreach (var (path, _) in files.Skip(start).Take(RawBatch))
                {
                    var text = await File.ReadAllTextAsync(path, cancellationToken);
                    var split = text.IndexOf('\n', StringComparison.Ordinal);
                    title.Value = text[..split];
                    body.Value = text[(split + 1)..];
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
        return files.Count / watch.Elapsed.TotalSeconds;
    }

    private readonly record struct GcUse(long Allocated, TimeSpan Pause, (int, int, int) Collections)
    {
        public static GcUse Now() => new(GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalPauseDuration(),
            (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)));

        public GcUse Since(GcUse before) => new(Allocated - before.Allocated, Pause - before.Pause,
            (Collections.Item1 - before.Collections.Item1, Collections.Item2 - before.Collections.Item2, Collections.Item3 - before.Collections.Item3));
    }

    private async Task<(TimeSpan Elapsed, TimeSpan Cpu, GcUse Gc, IReadOnlyDictionary<string, StageTime> Stages, Percentiles Search, IReadOnlyList<(string, long, double)> Queries)> IngestAndSearchAsync(
        List<(string Path, CorpusArticle Article)> files, IngestorPaths paths, CancellationToken cancellationToken)
    {
        await using var services = await CliServices.StartAsync(paths, cancellationToken);
        var pipeline = services.Get<IngestionPipeline>();
        var drainer = services.Get<IndexDrainer>();
        var journal = services.Get<ArticleJournal>();
        using var stages = new StageListener(services.Get<IngestorMetrics>().Meter);

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = GcUse.Now();
        var watch = Stopwatch.StartNew();
        using var stopDrainer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pipeline.Start();
        // The worker indexes while input arrives, as `ingestor run` does.
        var draining = drainer.RunAsync(stopDrainer.Token);
        long changed = 0;
        await progress("Ingesting", files.Count, async report =>
        {
            var submitting = Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (file, token) =>
            {
                var result = await pipeline.SubmitAsync(new RawDocument
                {
                    Origin = file.Path,
                    Format = DocumentFormat.Text,
                    Content = await File.ReadAllBytesAsync(file.Path, token),
                    Source = file.Article.Source,
                    Modified = file.Article.Published,
                }, token);
                Interlocked.Add(ref changed, result.New + result.Updated);
                if (result.IsRejected)
                {
                    throw new InvalidOperationException($"The pipeline rejected generated article {file.Path}: {result.RejectedReason}");
                }
            });
            while (!submitting.IsCompleted)
            {
                await Task.WhenAny(submitting, Task.Delay(200, cancellationToken));
                report(stages.Indexed);
            }
            await submitting;
            await pipeline.StopAsync(cancellationToken);
            var drain = drainer.DrainAsync(cancellationToken);
            while (!drain.IsCompleted)
            {
                await Task.WhenAny(drain, Task.Delay(200, cancellationToken));
                report(stages.Indexed);
            }
            await drain;
            report(stages.Indexed);
        });
        var elapsed = watch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var gc = GcUse.Now().Since(gcBefore);
        await stopDrainer.CancelAsync();
        await draining;
        var pending = await journal.CountAsync(cancellationToken);
        if (pending > 0 || stages.Indexed < changed)
        {
            throw new InvalidOperationException($"Only {stages.Indexed} of {changed} accepted articles were indexed ({pending} left in the journal).");
        }

        var (search, queries) = await SearchMixAsync(services.Get<ISearchIndex>(), cancellationToken);
        return (elapsed, cpu, gc, stages.Report(), search, queries);
    }

    /// <summary>
    /// A fixed mix, every query with the five facets and the histogram: broad words (most of the
    /// corpus), topic words (a sixth), selective ones, filters on the most frequent facet values, a
    /// date range, newest-first sorting and deep paging.
    /// </summary>
    private static async Task<(Percentiles, IReadOnlyList<(string, long, double)>)> SearchMixAsync(ISearchIndex index, CancellationToken cancellationToken)
    {
        var everything = await index.SearchAsync(new SearchRequest(), cancellationToken);
        IReadOnlyDictionary<FacetField, IReadOnlyList<string>> Top(FacetField field, string facet) =>
            everything.Facets.TryGetValue(facet, out var values) && values.Count > 0
                ? new Dictionary<FacetField, IReadOnlyList<string>> { [field] = [values[0].Value] }
                : new Dictionary<FacetField, IReadOnlyList<string>>();
        SearchRequest Q(string? query) => new() { Query = QuerySyntax.Parse(query) };
        var mix = new (string Name, SearchRequest Request)[]
        {
            ("all", Q(null)),
            ("all newest", Q(null) with { Sort = SearchSort.Newest }),
            ("broad: government", Q("government")),
            ("broad newest: government", Q("government") with { Sort = SearchSort.Newest }),
            ("broad + top source", Q("government") with { Filters = Top(FacetField.Source, "source") }),
            ("negative: -government", Q("-government")),
            ("topic: election", Q("election")),
            ("topic page 5: market", Q("market") with { Page = 5 }),
            ("OR: ceasefire OR vaccine", Q("ceasefire OR vaccine")),
            ("AND: inflation rates", Q("inflation rates")),
            ("phrase: \"prime minister\"", Q("\"prime minister\"")),
            ("prefix: vacc*", Q("vacc*")),
            ("selective: wildfire", Q("wildfire")),
            ("top person filter", Q(null) with { Filters = Top(FacetField.Person, "person") }),
            ("top location + talks", Q("talks") with { Filters = Top(FacetField.Location, "location") }),
            ("top organization filter", Q(null) with { Filters = Top(FacetField.Organization, "organization") }),
            ("date range 2 weeks", Q("government") with { From = NewsCorpus.Start.AddDays(3), To = NewsCorpus.Start.AddDays(17) }),
        };
        foreach (var (_, request) in mix)
        {
            await index.SearchAsync(request, cancellationToken); // warm caches and the JIT
        }
        var all = new List<double>();
        var perQuery = mix.Select(_ => new List<double>()).ToArray();
        var totals = new long[mix.Length];
        for (var round = 0; round < SearchRounds; round++)
        {
            for (var i = 0; i < mix.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await index.SearchAsync(mix[i].Request, cancellationToken);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                all.Add(ms);
                perQuery[i].Add(ms);
                totals[i] = result.Total;
            }
        }
        var percentiles = new Percentiles(Math.Round(Percentile(all, 50), 2), Math.Round(Percentile(all, 95), 2), Math.Round(Percentile(all, 99), 2));
        return (percentiles, mix.Select((m, i) => (m.Name, totals[i], Math.Round(Percentile(perQuery[i], 50), 2))).ToList());
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// Sums the pipeline's own stage timings (the ingestor_stage_duration histogram) per stage. The
    /// index measurement covers its whole batch, so the batch stages that run inside it are
    /// subtracted to leave the index write itself.
    /// </summary>
    private sealed class StageListener : IDisposable
    {
        private static readonly (string Metric, string Name)[] Order =
        [
            ("normalize", "normalize"), ("enrich", "tag"), ("accept", "journal"), ("duplicates", "dedup"),
            ("stories", "story"), ("index", "index"), ("alerts", "alerts"),
        ];

        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, double> _ms = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private long _indexed;

        public StageListener(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name is "ingestor_stage_duration" or "ingestor_indexed")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "stage", Value: string stage })
                    {
                        lock (_gate)
                        {
                            _ms[stage] = _ms.GetValueOrDefault(stage) + value;
                        }
                    }
                }
            });
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _indexed, value));
            _listener.Start();
        }

        public long Indexed => Interlocked.Read(ref _indexed);

        public Dictionary<string, StageTime> Report()
        {
            Dictionary<string, double> ms;
            lock (_gate)
            {
                ms = new Dictionary<string, double>(_ms, StringComparer.Ordinal);
            }
            // The journal's cost is both ends: accepting (writing) and the indexer reading batches back.
            ms["accept"] = ms.GetValueOrDefault("accept") + ms.GetValueOrDefault("peek");
            ms["index"] = Math.Max(0, ms.GetValueOrDefault("index") - ms.GetValueOrDefault("duplicates") - ms.GetValueOrDefault("stories") - ms.GetValueOrDefault("alerts"));
            var total = Math.Max(1e-9, Order.Sum(o => ms.GetValueOrDefault(o.Metric)));
            var report = new Dictionary<string, StageTime>(StringComparer.Ordinal);
            foreach (var (metric, name) in Order)
            {
                var value = ms.GetValueOrDefault(metric);
                report[name] = new StageTime(Math.Round(value, 1), Math.Round(value / total, 3));
            }
            return report;
        }

        public void Dispose() => _listener.Dispose();
    }
}
