using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Index;
using Microsoft.Data.Sqlite;

namespace Ingestor.Tests.Reliability;

/// <summary>
/// The real process is killed (SIGKILL) at random points while it ingests; after a restart every
/// file is indexed exactly once or quarantined with a reason, and the journal is empty.
/// </summary>
public sealed class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public Task KilledRepeatedly_WhileIngesting200Files_LosesNothing() => RunAsync(files: 200, kills: 2, seed: 7);

    [Fact]
    [Trait("Category", "Long")]
    public Task KilledRepeatedly_WhileIngesting1000Files_LosesNothing() => RunAsync(files: 1000, kills: 5, seed: 11);

    [Fact]
    public async Task Sigterm_FinishesInFlightWorkAndExitsCleanly()
    {
        using var temp = new TempFolder();
        var inbox = Directory.CreateDirectory(Path.Combine(temp.Path, "inbox")).FullName;
        using var process = IngestorProcess.Start(temp.Path);
        Assert.True(await process.WaitUntilListeningAsync(TimeSpan.FromSeconds(30)));
        var names = WriteArticles(inbox, 60, new Random(3));

        await Task.Delay(300);
        process.Terminate();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        // Whatever was claimed is in the journal or the index; nothing is half-done in processing/.
        var processing = Path.Combine(temp.Path, "processing");
        Assert.True(!Directory.Exists(processing) || Directory.GetFiles(processing).Length == 0,
            "files left in processing/: " + string.Join(", ", Directory.Exists(processing) ? Directory.GetFiles(processing) : []));
        Assert.Equal(names.Count, Directory.GetFiles(inbox).Length + Directory.GetFiles(Path.Combine(temp.Path, "processed")).Length);
    }

    [Fact]
    public async Task Sigterm_IndexDown_ExitsWithinTheConfiguredShutdownTimeoutKeepingInputJournaled()
    {
        using var temp = new TempFolder();
        var inbox = Directory.CreateDirectory(Path.Combine(temp.Path, "inbox")).FullName;
        var environment = new Dictionary<string, string>
        {
            // Elasticsearch "down": nothing listens on this port, so every index call fails.
            ["INGESTOR_Index__Engine"] = "elasticsearch",
            ["INGESTOR_Elasticsearch__Nodes__0"] = $"http://127.0.0.1:{IngestorProcess.FreePort()}",
            ["INGESTOR_Elasticsearch__ConnectTimeout"] = "00:00:01",
            ["INGESTOR_Pipeline__ShutdownTimeout"] = "00:00:02",
            ["INGESTOR_Pipeline__MaxIndexBackoff"] = "00:00:01",
        };
        using var process = IngestorProcess.Start(temp.Path, environment);
        Assert.True(await process.WaitUntilListeningAsync(TimeSpan.FromSeconds(30)));
        var names = WriteArticles(inbox, 20, new Random(4));
        var processed = Path.Combine(temp.Path, "processed");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !(Directory.Exists(processed) && Directory.GetFiles(processed).Length == names.Count))
        {
            await Task.Delay(100);
        }
        Assert.Equal(names.Count, Directory.GetFiles(processed).Length);
        using (var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{process.Port}") })
        {
            var ready = await client.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("\"degraded\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        process.Terminate();
        // The drain cannot finish with the index down: the 2 s shutdown timeout, not the host's 30 s default, ends it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        await process.WaitForExitAsync(timeout.Token);
        stopwatch.Stop();

        Assert.Equal(0, process.ExitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"exit took {stopwatch.Elapsed}");
        Assert.Equal(names.Count, JournalDepth(temp.Path));
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "processing")));
    }

    private async Task RunAsync(int files, int kills, int seed)
    {
        using var temp = new TempFolder();
        var random = new Random(seed);
        var inbox = Directory.CreateDirectory(Path.Combine(temp.Path, "inbox")).FullName;
        var names = WriteArticles(inbox, files, random);
        // A few bad files that must end in quarantine, not vanish.
        await File.WriteAllBytesAsync(Path.Combine(inbox, "bad-binary.txt"), [0, 1, 2, 3, 0, 5]);
        await File.WriteAllTextAsync(Path.Combine(inbox, "bad.json"), "{ not json");

        var interrupted = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < kills; i++)
        {
            using var process = IngestorProcess.Start(temp.Path);
            Assert.True(await process.WaitUntilListeningAsync(TimeSpan.FromSeconds(30)), "the worker did not start");
            // A random point in the work: around the (i+1)/(kills+1) mark of files done, give or take.
            var spread = files / (4 * (kills + 1));
            var target = files * (i + 1) / (kills + 1) + random.Next(-spread, spread + 1);
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < until && Count(temp.Path, "processed") + Count(temp.Path, "quarantine") < target)
            {
                await Task.Delay(random.Next(5, 40));
            }
            process.Kill();
            var waiting = Directory.GetFiles(inbox).Length;
            var claimed = Directory.Exists(Path.Combine(temp.Path, "processing")) ? Directory.GetFiles(Path.Combine(temp.Path, "processing")).Length : 0;
            var journaled = JournalDepthOrZero(temp.Path);
            output.WriteLine($"kill {i + 1}: {waiting} files still in inbox/, {claimed} in processing/, journal {journaled}");
            // Mid-work: files not yet taken or finished, or articles not yet indexed.
            interrupted += waiting + claimed + journaled > 0 ? 1 : 0;
        }
        // A kill after everything was done would prove nothing.
        Assert.Equal(kills, interrupted);

        using (var final = IngestorProcess.Start(temp.Path))
        {
            Assert.True(await final.WaitUntilListeningAsync(TimeSpan.FromSeconds(30)));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{final.Port}") };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            SearchResult? result = null;
            while (DateTime.UtcNow < deadline)
            {
                result = JsonSerializer.Deserialize<SearchResult>(await client.GetStringAsync("/api/search?collapse=false&size=1"), IngestorJson.Compact);
                if (result!.Total == files && Directory.GetFiles(inbox).Length == 0 && Directory.GetFiles(Path.Combine(temp.Path, "processing")).Length == 0
                    && JournalDepth(temp.Path) == 0)
                {
                    break;
                }
                await Task.Delay(200);
            }
            Assert.Equal(files, result!.Total);
        }

        output.WriteLine($"{files} files, {kills} kills ({interrupted} mid-work), {started.Elapsed.TotalSeconds:F1} s in all");
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "processing")));
        Assert.Equal(0, JournalDepth(temp.Path));
        var processed = Directory.GetFiles(Path.Combine(temp.Path, "processed")).Select(Path.GetFileName).ToHashSet();
        var quarantined = Directory.GetFiles(Path.Combine(temp.Path, "quarantine")).Where(f => !f.EndsWith(".error.json", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Equal(["bad-binary.txt", "bad.json"], quarantined.Order());
        foreach (var bad in quarantined)
        {
            Assert.True(File.Exists(Path.Combine(temp.Path, "quarantine", bad + ".error.json")));
        }
        // Every good file ended in processed/ (a file processed twice after a crash shows as name~1).
        Assert.All(names, n => Assert.Contains(processed, p => p == n || p!.StartsWith(Path.GetFileNameWithoutExtension(n) + "~", StringComparison.Ordinal)));
    }

    private static int Count(string dataDirectory, string folder) =>
        Directory.Exists(Path.Combine(dataDirectory, folder)) ? Directory.GetFiles(Path.Combine(dataDirectory, folder)).Length : 0;

    private static long JournalDepthOrZero(string dataDirectory) =>
        File.Exists(Path.Combine(dataDirectory, "ingestor.db")) ? JournalDepth(dataDirectory) : 0;

    private static long JournalDepth(string dataDirectory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "ingestor.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    private static readonly string[] Words =
    [
        "harbour", "council", "minister", "ferry", "budget", "strike", "storm", "election", "court", "hospital", "bridge", "railway",
        "festival", "museum", "market", "energy", "water", "school", "airport", "police", "farmers", "fishing", "tourism", "housing",
    ];

    /// <summary>Distinct generated articles, each with a unique sentence so no two share an id.</summary>
    internal static List<string> WriteArticles(string inbox, int count, Random random)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"article-{i:D5}.txt";
            var paragraphs = Enumerable.Range(0, 4).Select(p =>
                $"Report {i} part {p}: " + string.Join(' ', Enumerable.Range(0, 40).Select(_ => Words[random.Next(Words.Length)])) + ".");
            File.WriteAllText(Path.Combine(inbox, name), string.Join('\n', paragraphs));
            names.Add(name);
        }
        return names;
    }
}
