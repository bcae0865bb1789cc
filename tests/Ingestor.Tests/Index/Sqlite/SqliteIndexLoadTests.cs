using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Ingestor.Articles;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Ingestor.Tests.Index.Sqlite;

/// <summary>
/// Indexes a generated corpus and times a faceted-search mix. Long: it runs only when
/// INGESTOR_LOAD_ARTICLES is set (e.g. 100000), in Release, under nice. INGESTOR_LOAD_DB reuses a
/// database file across runs (it is filled only when it has fewer articles than asked for).
/// </summary>
[Trait("Category", "Long")]
public sealed class SqliteIndexLoadTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task FacetedSearchMix_GeneratedCorpus_ReportsIngestRateAndLatency()
    {
        var setting = Environment.GetEnvironmentVariable("INGESTOR_LOAD_ARTICLES");
        Skip.If(string.IsNullOrEmpty(setting), "Set INGESTOR_LOAD_ARTICLES to run the load test.");
        var articles = int.Parse(setting!, CultureInfo.InvariantCulture);
        var path = Environment.GetEnvironmentVariable("INGESTOR_LOAD_DB")
                   ?? Path.Combine(Path.GetTempPath(), $"ingestor-load-{articles}.db");
        var ct = CancellationToken.None;

        using var index = new SqliteSearchIndex(Options.Create(new SqliteIndexOptions { Path = path }), TimeProvider.System,
            NullLogger<SqliteSearchIndex>.Instance);
        var opened = Stopwatch.StartNew();
        await index.InitializeAsync(ct);
        output.WriteLine($"open: {opened.ElapsedMilliseconds} ms, {await index.CountAsync(ct)} articles");

        var existing = (int)await index.CountAsync(ct);
        if (existing < articles)
        {
            var generator = new CorpusGenerator(seed: 42);
            using var ingestProcess = Process.GetCurrentProcess();
            var cpuBefore = ingestProcess.TotalProcessorTime;
            var generation = TimeSpan.Zero;
            var ingest = Stopwatch.StartNew();
            const int batchSize = 500;
            for (var start = existing; start < articles; start += batchSize)
            {
                var generating = Stopwatch.StartNew();
                var batch = Enumerable.Range(start, Math.Min(batchSize, articles - start)).Select(generator.Article).ToList();
                generation += generating.Elapsed;
                await index.IndexAsync(batch, ct);
            }
            var added = articles - existing;
            var indexing = ingest.Elapsed - generation;
            ingestProcess.Refresh();
            var cpuSeconds = (ingestProcess.TotalProcessorTime - cpuBefore - generation).TotalSeconds;
            output.WriteLine($"ingest: {added} articles in {indexing.TotalSeconds:F1} s = {added / indexing.TotalSeconds:F0} articles/s wall, " +
                             $"{added / cpuSeconds:F0} articles per CPU-second (batches of {batchSize}, generation excluded)");
        }
        output.WriteLine($"file: {new FileInfo(path).Length / (double)articles:F0} bytes/article");

        var mix = SearchMix().ToList();
        foreach (var (_, request) in mix.Take(10))
        {
            await index.SearchAsync(request, ct); // warm the page cache and the JIT
        }
        var timings = new Dictionary<string, List<double>>();
        var cpu = new Dictionary<string, List<double>>();
        var all = new List<double>();
        var allCpu = new List<double>();
        using var self = Process.GetCurrentProcess();
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, request) in mix)
            {
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = ThreadCpu.Now();
                var watch = Stopwatch.StartNew();
                // Searches complete synchronously here (a free reader connection), so the thread's CPU time is the search's.
                var result = await index.SearchAsync(request, ct);
                var ms = watch.Elapsed.TotalMilliseconds;
                var cpuMs = (ThreadCpu.Now() - cpuBefore).TotalMilliseconds;
                all.Add(ms);
                allCpu.Add(cpuMs);
                (timings.TryGetValue(name, out var list) ? list : timings[name] = []).Add(ms);
                (cpu.TryGetValue(name, out var cpuList) ? cpuList : cpu[name] = []).Add(cpuMs);
                if (round == rounds - 1)
                {
                    output.WriteLine($"  {name,-34} total {result.Total,8} {ms,8:F1} ms  cpu {cpuMs,6:F1}  alloc {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024} KB");
                }
            }
        }
        foreach (var (name, list) in timings)
        {
            output.WriteLine($"{name,-36} wall p50 {Percentile(list, 50),7:F1}  p95 {Percentile(list, 95),7:F1} ms   thread cpu p50 {Percentile(cpu[name], 50),7:F1}  p95 {Percentile(cpu[name], 95),7:F1} ms");
        }
        output.WriteLine($"ALL ({all.Count} searches) wall p50 {Percentile(all, 50),7:F1}  p95 {Percentile(all, 95),7:F1}  p99 {Percentile(all, 99),7:F1} ms");
        output.WriteLine($"ALL ({all.Count} searches) thread cpu p50 {Percentile(allCpu, 50),7:F1}  p95 {Percentile(allCpu, 95),7:F1}  p99 {Percentile(allCpu, 99),7:F1} ms");
        GC.Collect();
        self.Refresh();
        output.WriteLine($"working set {self.WorkingSet64 / 1048576} MB, managed heap {GC.GetTotalMemory(false) / 1048576} MB");
    }

    /// <summary>CPU time of the calling thread (Linux): the machine is shared, so wall time alone says little.</summary>
    private static class ThreadCpu
    {
        private const int ClockThreadCputimeId = 3;

        public static TimeSpan Now() =>
            OperatingSystem.IsLinux() && NativeMethods.clock_gettime(ClockThreadCputimeId, out var spec) == 0
                ? TimeSpan.FromTicks(spec.Seconds * TimeSpan.TicksPerSecond + spec.Nanoseconds / 100)
                : Process.GetCurrentProcess().TotalProcessorTime;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Broad and selective queries, filters and sorts, each with five facets and the histogram.</summary>
    private static IEnumerable<(string Name, SearchRequest Request)> SearchMix()
    {
        SearchRequest Q(string? query) => new() { Query = QuerySyntax.Parse(query) };
        var source = new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Source] = ["source-3"] };
        var person = new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Person] = ["Person 7"] };
        var both = new Dictionary<FacetField, IReadOnlyList<string>>
        {
            [FacetField.Source] = ["source-1", "source-2"],
            [FacetField.Location] = ["Location 4"],
        };
        yield return ("all (no query)", Q(null));
        yield return ("all newest", Q(null) with { Sort = SearchSort.Newest });
        yield return ("broad 50% government", Q("government"));
        yield return ("broad 50% newest", Q("government") with { Sort = SearchSort.Newest });
        yield return ("broad 50% + source filter", Q("government") with { Filters = source });
        yield return ("broad 20% market", Q("market"));
        yield return ("broad AND 10% government market", Q("government market"));
        yield return ("exclude 30% government -market", Q("government -market"));
        yield return ("negative 50% -government", Q("-government"));
        yield return ("mid 5% election", Q("election"));
        yield return ("mid 5% election page 5", Q("election") with { Page = 5 });
        yield return ("OR 7% election OR ceasefire", Q("election OR ceasefire"));
        yield return ("selective 2% ceasefire", Q("ceasefire"));
        yield return ("selective 2% + person", Q("ceasefire") with { Filters = person });
        yield return ("phrase 3% prime minister", Q("\"prime minister\""));
        yield return ("prefix 0.5% vacc*", Q("vacc*"));
        yield return ("rare 0.5% vaccine", Q("vaccine"));
        yield return ("two filters no query", Q(null) with { Filters = both });
        yield return ("date range 30 days", Q("market") with
        {
            From = CorpusGenerator.Start.AddDays(100),
            To = CorpusGenerator.Start.AddDays(130),
        });
    }

    /// <summary>Deterministic synthetic news: Zipf-like words, marker words at fixed rates, entities, stories, duplicates.</summary>
    private sealed class CorpusGenerator(int seed)
    {
        public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static readonly (string Word, double Rate)[] Markers =
        [
            ("government", 0.5), ("market", 0.2), ("election", 0.05), ("ceasefire", 0.02), ("vaccine", 0.005),
        ];

        private static readonly string[] Vocabulary = BuildVocabulary();
        private static readonly string[] Languages = ["en", "en", "en", "en", "en", "en", "en", "fr", "de", "es"];

        public Article Article(int n)
        {
            var random = new Random(HashCode.Combine(seed, n));
            var words = 150 + random.Next(300);
            var body = new StringBuilder(words * 8);
            for (var w = 0; w < words; w++)
            {
                body.Append(Word(random));
                body.Append(w % 60 == 59 ? ".\n\n" : w % 15 == 14 ? ". " : " ");
            }
            foreach (var (word, rate) in Markers)
            {
                if (random.NextDouble() < rate)
                {
                    var at = body.ToString().IndexOf(' ', random.Next(body.Length / 2));
                    body.Insert(at + 1, word + " ");
                }
            }
            if (random.NextDouble() < 0.03)
            {
                body.Append(" the prime minister said.");
            }
            var title = string.Join(' ', Enumerable.Range(0, 6 + random.Next(6)).Select(_ => Word(random)));
            if (random.NextDouble() < 0.1)
            {
                title += " government";
            }
            var entities = new List<ArticleEntity>();
            foreach (var (type, pool, name) in new[] { (EntityType.Person, 5000, "Person"), (EntityType.Organization, 2000, "Org"), (EntityType.Location, 1000, "Location") })
            {
                var count = random.Next(4);
                for (var i = 0; i < count; i++)
                {
                    entities.Add(new ArticleEntity($"{name} {Zipf(random, pool)}", type, 1 + random.Next(3), random.Next(1000), null));
                }
            }
            var text = body.ToString();
            return new Article
            {
                Id = Convert.ToHexStringLower(BitConverter.GetBytes((long)n * 2654435761L)),
                Title = title,
                Body = text,
                Lead = text[..text.IndexOf('.', StringComparison.Ordinal)],
                Source = $"source-{Zipf(random, 50)}",
                Language = Languages[random.Next(Languages.Length)],
                Published = random.NextDouble() < 0.01 ? null : Start.AddMinutes(random.Next(365 * 24 * 60)),
                WordCount = words,
                ContentHash = "h" + n.ToString(CultureInfo.InvariantCulture),
                Entities = entities.DistinctBy(e => (e.Name, e.Type)).ToList(),
                StoryId = random.NextDouble() < 0.7 ? $"story-{n / 20 + random.Next(5)}" : null,
                DuplicateOf = random.NextDouble() < 0.05 && n > 0 ? "dup-of-" + (n - 1).ToString(CultureInfo.InvariantCulture) : null,
            };
        }

        private static string Word(Random random) => Vocabulary[Zipf(random, Vocabulary.Length) - 1];

        /// <summary>A rank in 1..n, small ranks far more likely.</summary>
        private static int Zipf(Random random, int n) => 1 + (int)(Math.Pow(random.NextDouble(), 2.5) * n) % n;

        private static string[] BuildVocabulary()
        {
            const string letters = "abcdefghijklmnopqrstuvwxyz";
            var random = new Random(7);
            var words = new HashSet<string>(StringComparer.Ordinal);
            while (words.Count < 30_000)
            {
                var length = 3 + random.Next(8);
                var chars = new char[length];
                for (var i = 0; i < length; i++)
                {
                    chars[i] = letters[random.Next(letters.Length)];
                }
                var word = new string(chars);
                if (Markers.All(m => m.Word != word) && word is not ("prime" or "minister"))
                {
                    words.Add(word);
                }
            }
            return words.ToArray();
        }
    }
}

internal static class NativeMethods
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int clock_gettime(int clockId, out TimeSpec spec);
}
