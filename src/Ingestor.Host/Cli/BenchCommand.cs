using System.CommandLine;
using System.Globalization;
using Ingestor.Host.Bench;
using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor bench --articles N [--seed S] [--json]`: the end-to-end load run on a generated corpus.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var articles = new Option<int>("--articles") { Description = "Articles to generate and ingest.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Corpus seed: the same seed gives the same articles.", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON document." };
        var command = new Command("bench",
            "Generate a seeded news corpus, ingest it through the real pipeline into a temporary data folder and report " +
            "articles/s (against raw FTS5 and the I/O floor on the same files), stage shares, memory, index size and search latency.")
        {
            articles, seed, json,
        };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(articles);
            if (count is < 1 or > 10_000_000)
            {
                throw new CliException("--articles must be between 1 and 10,000,000.");
            }
            // Only the configuration is the user's: the data folder is a temporary one, deleted afterwards.
            var config = CliContext.Paths(parseResult).ConfigDirectory;
            var runner = new BenchRunner(count, parseResult.GetValue(seed), config, CliProgress.RunAsync);
            var report = await runner.RunAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(report, indented: false, cancellationToken);
            }
            else
            {
                Print(report);
            }
            return 0;
        });
    }

    private static void Print(BenchReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var details = report.Details;
        var summary = new Table().Border(TableBorder.Rounded).Title("ingestor bench").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("articles", string.Create(c, $"{report.Articles:N0} ({details.Words / Math.Max(1, report.Articles):N0} words on average, {details.NearDuplicates} near-duplicates)"));
        summary.AddRow("end to end", string.Create(c, $"{report.ArticlesPerS:N1} articles/s ({details.ElapsedS:N1} s)"));
        summary.AddRow("CPU while ingesting", string.Create(c, $"{details.CpuS:N1} s = {report.Articles / Math.Max(0.001, details.CpuS):N1} articles per CPU-second"));
        summary.AddRow("allocated, GC while ingesting", string.Create(c,
            $"{details.AllocatedBytes / 1048576.0 / Math.Max(1, report.Articles):N2} MB/article; GC paused {details.GcPauseS:N1} s ({details.Collections.Gen0:N0}/{details.Collections.Gen1:N0}/{details.Collections.Gen2:N0} gen0/1/2)"));
        summary.AddRow("raw FTS5 insert (same text)", string.Create(c, $"{details.RawFts5PerS:N1} articles/s  → ratio {report.RatioVsRawFts5:N3}"));
        summary.AddRow("I/O floor (read + JSON)", string.Create(c, $"{details.IoFloorPerS:N1} articles/s  → ratio {report.RatioVsIoFloor:N3}"));
        summary.AddRow("search p50 / p95 / p99", string.Create(c, $"{report.SearchMs.P50:N2} / {report.SearchMs.P95:N2} / {report.SearchMs.P99:N2} ms"));
        summary.AddRow("peak working set", string.Create(c, $"{report.PeakWorkingSetMb:N1} MB"));
        summary.AddRow("index size", string.Create(c, $"{report.IndexBytesPerArticle:N0} bytes/article"));

        var stages = new Table().Border(TableBorder.Rounded).Title("stage time (summed over workers)").AddColumn("stage")
            .AddColumn(new TableColumn("ms").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var (name, time) in report.Stages)
        {
            stages.AddRow(name, time.Ms.ToString("N1", c), time.Share.ToString("P1", c));
        }
        var queries = new Table().Border(TableBorder.Rounded).Title("search mix (5 facets + histogram each)").AddColumn("query")
            .AddColumn(new TableColumn("matches").RightAligned()).AddColumn(new TableColumn("p50 ms").RightAligned());
        foreach (var (query, total, p50) in details.Queries)
        {
            queries.AddRow(Markup.Escape(query), total.ToString("N0", c), p50.ToString("N2", c));
        }
        if (CliProgress.IsInteractive)
        {
            AnsiConsole.Write(summary);
            AnsiConsole.Write(stages);
            AnsiConsole.Write(queries);
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(Console.Out) });
        console.Profile.Width = 110;
        console.Write(summary);
        console.Write(stages);
        console.Write(queries);
    }
}
