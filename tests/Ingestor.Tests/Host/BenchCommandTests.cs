using System.Text.Json;
using Ingestor.Tests.Reliability;

namespace Ingestor.Tests.Host;

/// <summary>`ingestor bench --json`: the JSON shape with sane values (no timing assertions: the machine is shared).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_FiftyArticlesJson_PrintsTheContractShapeWithSaneValues()
    {
        using var temp = new TempFolder();

        var (exit, stdout, stderr) = await IngestorProcess.RunCommandAsync("bench", "--articles", "50", "--seed", "7", "--json",
            "--data", temp.Path, "--config", TestFiles.ConfigDirectory);

        Assert.True(exit == 0, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(
            ["articles", "articles_per_s", "ratio_vs_raw_fts5", "ratio_vs_io_floor", "stages", "search_ms", "peak_working_set_mb", "index_bytes_per_article"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(50, root.GetProperty("articles").GetInt32());
        foreach (var name in new[] { "articles_per_s", "ratio_vs_raw_fts5", "ratio_vs_io_floor", "peak_working_set_mb", "index_bytes_per_article" })
        {
            Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} should be positive: {stdout}");
        }

        var stages = root.GetProperty("stages").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Superset(new HashSet<string> { "normalize", "tag", "dedup", "story", "index" }, stages.Keys.ToHashSet());
        foreach (var (name, stage) in stages)
        {
            Assert.Equal(["ms", "share"], stage.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.True(stage.GetProperty("ms").GetDouble() >= 0, name);
            Assert.InRange(stage.GetProperty("share").GetDouble(), 0, 1);
        }
        Assert.InRange(stages.Values.Sum(s => s.GetProperty("share").GetDouble()), 0.98, 1.02);
        Assert.True(stages["tag"].GetProperty("ms").GetDouble() > 0, "tagging ran");
        Assert.True(stages["index"].GetProperty("ms").GetDouble() > 0, "indexing ran");

        var search = root.GetProperty("search_ms");
        Assert.Equal(["p50", "p95", "p99"], search.EnumerateObject().Select(p => p.Name).ToArray());
        var (p50, p95, p99) = (search.GetProperty("p50").GetDouble(), search.GetProperty("p95").GetDouble(), search.GetProperty("p99").GetDouble());
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"percentiles in order: {p50} {p95} {p99}");
        Assert.InRange(root.GetProperty("peak_working_set_mb").GetDouble(), 10, 4096);
        Assert.InRange(root.GetProperty("index_bytes_per_article").GetDouble(), 500, 1_000_000);

        // The data folder given is not touched: the run works in a temporary folder of its own.
        Assert.False(File.Exists(Path.Combine(temp.Path, "index.db")));
    }

    [Fact]
    public async Task Bench_SameSeed_GeneratesTheSameCorpus()
    {
        var first = new Ingestor.Host.Bench.NewsCorpus(3);
        var second = new Ingestor.Host.Bench.NewsCorpus(3);

        var a = Enumerable.Range(0, 40).Select(first.Article).ToList();
        var b = Enumerable.Range(0, 40).Reverse().Select(second.Article).Reverse().ToList();

        Assert.Equal(a, b);
        Assert.All(a, article => Assert.InRange(article.Words, 250, 2000)); // 300–1,500 words, give or take a paragraph
        Assert.Contains(Enumerable.Range(0, 200).Select(first.Article), article => article.CopyOf is not null);
        await Task.CompletedTask;
    }
}
