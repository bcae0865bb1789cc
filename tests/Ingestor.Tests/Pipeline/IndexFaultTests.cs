using System.Net;
using System.Net.Http.Json;
using Ingestor.Articles;
using Ingestor.Host.Api;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;
using Ingestor.Index.Sqlite;
using Ingestor.Tests.Host;
using Ingestor.Tests.Reliability;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestor.Tests.Pipeline;

/// <summary>
/// The index stops taking writes (engine down, disk full, locked): input keeps being accepted into the
/// journal, /readyz and the log say "degraded", and once the index answers again everything is indexed,
/// nothing lost. Past the journal limit the worker stops claiming files instead of dropping them.
/// </summary>
public sealed class IndexFaultTests
{
    private const int PipelineIndexUnavailable = 1011;
    private const int PipelineJournalFull = 1014;

    public static TheoryData<string> Faults => ["unreachable", "disk-full", "429-storm", "sqlite-full"];

    /// <summary>The exceptions the engines really throw for each outage.</summary>
    private static Exception FaultOf(string kind) => kind switch
    {
        "unreachable" => new ElasticsearchUnavailableException("Elasticsearch bulk: no node answered (http://127.0.0.1:9200/): Connection refused"),
        "disk-full" => new IOException("No space left on device"),
        "429-storm" => new ElasticsearchException("bulk", 429, "es_rejected_execution_exception", "rejected execution of coordinating operation"),
        _ => new SqliteException("SQLite Error 13: 'database or disk is full'.", 13),
    };

    private static Dictionary<string, string?> FastRetries(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Pipeline:MaxIndexBackoff"] = "00:00:01" };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>The real SQLite index behind a <see cref="FaultyIndex"/> (resolve it from the app's services), and the log captured.</summary>
    private static Action<IServiceCollection> Faulty(LogCapture log) => services =>
    {
        services.AddSingleton(sp => new FaultyIndex(sp.GetRequiredService<SqliteSearchIndex>()));
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<FaultyIndex>());
        services.AddSingleton<ILoggerProvider>(log);
    };

    internal static async Task<(HttpStatusCode Code, HealthStatus Health)> ReadyAsync(IngestorApp app)
    {
        var response = await app.Client.GetAsync("/readyz");
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<HealthStatus>(IngestorJson.Compact))!);
    }

    private static async Task<long> TotalAsync(IngestorApp app) =>
        (await app.GetJsonAsync<SearchResult>("/api/search?collapse=false&size=1")).Total;

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task IndexWritesFail_InputIsJournaledReadyzDegradedAndAllIndexedOnRecovery(string kind)
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: FastRetries(), configureServices: Faulty(log));
        var faulty = app.Services.GetRequiredService<FaultyIndex>();
        faulty.FailWrites(FaultOf(kind));

        var names = CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 6, new Random(5));

        // Accepted (durable in the journal, file acknowledged) although nothing can be indexed.
        Assert.True(await IngestorApp.EventuallyAsync(async () =>
            Directory.GetFiles(app.Paths.Processed).Length == names.Count && (await ReadyAsync(app)).Health.JournalDepth == names.Count));
        Assert.True(await IngestorApp.EventuallyAsync(async () => (await ReadyAsync(app)).Health.Status == "degraded"));
        var (code, health) = await ReadyAsync(app);
        Assert.Equal(HttpStatusCode.OK, code); // searches still work: the API stays in rotation
        Assert.Contains(FaultOf(kind).Message, health.Problem, StringComparison.Ordinal);
        Assert.Contains(log.Entries, e => e.Event.Id == PipelineIndexUnavailable && e.Level == LogLevel.Warning);
        Assert.Equal(0, await TotalAsync(app));
        Assert.Empty(Directory.GetFiles(app.Paths.Quarantine));

        faulty.Heal();

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == names.Count && (await ReadyAsync(app)).Health.JournalDepth == 0));
        Assert.True(await IngestorApp.EventuallyAsync(async () => (await ReadyAsync(app)).Health.Status == "ok"));
        Assert.False(Directory.Exists(app.Paths.DeadLetter) && Directory.EnumerateFiles(app.Paths.DeadLetter).Any(), "nothing may be dead-lettered");
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task WritesFailLongerThanMaxIndexAttemptsWhileReadsWork_NothingIsDeadLettered(string kind)
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        var settings = FastRetries(new Dictionary<string, string?> { ["Pipeline:MaxIndexAttempts"] = "2" });
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: settings, configureServices: Faulty(log));
        var faulty = app.Services.GetRequiredService<FaultyIndex>();
        faulty.FailWrites(FaultOf(kind));

        CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 5, new Random(12));

        // Many more failed rounds than MaxIndexAttempts: an outage, not five bad articles.
        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(faulty.FailedWrites >= 8), TimeSpan.FromSeconds(40)));
        Assert.Equal(5, (await ReadyAsync(app)).Health.JournalDepth);
        Assert.False(Directory.Exists(app.Paths.DeadLetter) && Directory.EnumerateFiles(app.Paths.DeadLetter).Any(), "an outage dead-lettered articles");

        faulty.Heal();

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == 5 && (await ReadyAsync(app)).Health is { Status: "ok", JournalDepth: 0 }));
    }

    [Fact]
    public async Task OneArticleTheIndexKeepsRefusing_IsDeadLetteredAndTheRestIndexed()
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        var settings = FastRetries(new Dictionary<string, string?> { ["Pipeline:MaxIndexAttempts"] = "2" });
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: settings, configureServices: Faulty(log));
        var faulty = app.Services.GetRequiredService<FaultyIndex>();
        faulty.FailBatchesHolding(a => a.Body.Contains("Report 2 ", StringComparison.Ordinal), new InvalidOperationException("document refused: field limit"));

        CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 5, new Random(13));

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == 4 && (await ReadyAsync(app)).Health.JournalDepth == 0, TimeSpan.FromSeconds(40)));
        var deadLetters = await File.ReadAllLinesAsync(Path.Combine(app.Paths.DeadLetter, "journal.ndjson"));
        var line = Assert.Single(deadLetters);
        Assert.Contains("field limit", line, StringComparison.Ordinal);
        Assert.Contains("Report 2 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexReadsAndWritesFail_ReadyzIs503DegradedWhileInputIsStillJournaled()
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: FastRetries(), configureServices: Faulty(log));
        var faulty = app.Services.GetRequiredService<FaultyIndex>();
        var down = FaultOf("unreachable");
        faulty.FailWrites(down);
        faulty.FailReads(down);

        CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 3, new Random(6));

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await ReadyAsync(app)).Health is { Status: "degraded", JournalDepth: 3 }));
        var (code, health) = await ReadyAsync(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Contains("does not answer", health.Problem, StringComparison.Ordinal);

        faulty.Heal();

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == 3 && (await ReadyAsync(app)).Health is { Status: "ok", JournalDepth: 0 }));
    }

    [Fact]
    public async Task IndexDown_PastTheJournalLimit_StopsClaimingFilesAndDropsNothing()
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        var settings = FastRetries(new Dictionary<string, string?>
        {
            ["Pipeline:JournalLimit"] = "3",
            ["Pipeline:IndexBatchSize"] = "1",
            ["Inbox:MaxConcurrentFiles"] = "2",
        });
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: settings, configureServices: Faulty(log));
        var faulty = app.Services.GetRequiredService<FaultyIndex>();
        faulty.FailWrites(FaultOf("unreachable"));

        var names = CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 12, new Random(8));

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await ReadyAsync(app)).Health.Problem?.Contains("journal is full", StringComparison.Ordinal) == true));
        await Task.Delay(1500); // time in which a worker that ignored the limit would claim the rest
        var (_, health) = await ReadyAsync(app);
        Assert.Equal("degraded", health.Status);
        Assert.InRange(health.JournalDepth ?? -1, 3, 4);
        var inbox = Directory.GetFiles(app.Paths.Inbox).Length;
        var processing = Directory.GetFiles(app.Paths.Processing).Length;
        var processed = Directory.GetFiles(app.Paths.Processed).Length;
        Assert.True(inbox >= 12 - 4 - 2 - 1, $"files claimed past the journal limit: inbox {inbox}, processing {processing}, processed {processed}");
        Assert.Equal(names.Count, inbox + processing + processed);
        Assert.Empty(Directory.GetFiles(app.Paths.Quarantine));
        Assert.Contains(log.Entries, e => e.Event.Id == PipelineJournalFull);

        faulty.Heal();

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == names.Count, TimeSpan.FromSeconds(60)));
        Assert.True(await IngestorApp.EventuallyAsync(async () => (await ReadyAsync(app)).Health is { Status: "ok", JournalDepth: 0 }));
        Assert.Empty(Directory.GetFiles(app.Paths.Inbox));
        Assert.Equal(names.Count, Directory.GetFiles(app.Paths.Processed).Length);
    }

    [Fact]
    public async Task SqliteIndexLockedByAnotherConnection_WritesBackOffThenResumeWithoutLoss()
    {
        using var temp = new TempFolder();
        var settings = FastRetries(new Dictionary<string, string?> { ["Index:Sqlite:BusyTimeout"] = "00:00:00.300" });
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: settings);
        var indexPath = app.Services.GetRequiredService<SqliteSearchIndex>().Path;

        await using (var locker = new SqliteConnection($"Data Source={indexPath};Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "PRAGMA busy_timeout=5000; BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 4, new Random(9));

            Assert.True(await IngestorApp.EventuallyAsync(async () => (await ReadyAsync(app)).Health is { Status: "degraded", JournalDepth: 4 }));
            Assert.Contains("locked", (await ReadyAsync(app)).Health.Problem, StringComparison.OrdinalIgnoreCase);
            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == 4 && (await ReadyAsync(app)).Health is { Status: "ok", JournalDepth: 0 }));
        Assert.Equal(4, Directory.GetFiles(app.Paths.Processed).Length);
    }

    [Fact]
    public async Task JournalDatabaseBusy_WhileFilesArrive_TheyWaitAndAreIndexedOnce()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);

        await using (var locker = new SqliteConnection($"Data Source={app.Paths.StateDatabase};Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "PRAGMA busy_timeout=5000; BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }
            CrashRecoveryTests.WriteArticles(app.Paths.Inbox, 4, new Random(10));
            await Task.Delay(2000); // the journal cannot be written meanwhile
            Assert.Equal(0, await TotalAsync(app));
            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.True(await IngestorApp.EventuallyAsync(async () => await TotalAsync(app) == 4 && Directory.GetFiles(app.Paths.Processed).Length == 4));
        Assert.Empty(Directory.GetFiles(app.Paths.Quarantine));
        Assert.Empty(Directory.GetFiles(app.Paths.Processing));
    }
}
