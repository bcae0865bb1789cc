using System.Text.Json;
using Ingestor.Host.Hosting;
using Ingestor.Tests.Reliability;

namespace Ingestor.Tests.Host;

/// <summary>GET /api/status and `ingestor status`: one report, as JSON and as text.</summary>
public sealed class StatusTests
{
    private static readonly string[] TopLevel = ["engine", "generated", "problems", "index", "journal", "pipeline", "sources", "quarantine", "last_alert"];
    private static readonly string[] SourceKeys = ["name", "kind", "location", "health", "detail", "waiting", "last_success", "last_failure"];

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task ApiStatus_AfterIngesting_ReportsIndexJournalSourcesAndQuarantine()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        File.Copy(TestFiles.Fixture("articles", "lisbon-01.txt"), Path.Combine(app.Paths.Inbox, "lisbon-01.txt"));
        File.Copy(TestFiles.Fixture("articles", "football-01.txt"), Path.Combine(app.Paths.Inbox, "football-01.txt"));
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "empty.txt"), []);

        JsonElement status = default;
        Assert.True(await IngestorApp.EventuallyAsync(async () =>
        {
            status = JsonDocument.Parse(await app.Client.GetStringAsync("/api/status")).RootElement;
            // Indexed articles leave the journal just after the index has them.
            return status.GetProperty("index").GetProperty("documents").GetInt64() == 2 && status.GetProperty("quarantine").GetProperty("files").GetInt64() == 1
                && status.GetProperty("journal").GetProperty("depth").GetInt64() == 0;
        }));

        Assert.Equal(TopLevel, Keys(status));
        Assert.Equal("sqlite", status.GetProperty("engine").GetString());
        Assert.Equal(["documents", "error"], Keys(status.GetProperty("index")));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("index").GetProperty("error").ValueKind);
        var journal = status.GetProperty("journal");
        Assert.Equal(["depth", "limit", "full"], Keys(journal));
        Assert.Equal(0, journal.GetProperty("depth").GetInt64());
        Assert.Equal(100_000, journal.GetProperty("limit").GetInt64());
        var pipeline = status.GetProperty("pipeline");
        Assert.Equal(["status", "index_error", "worker_in_process"], Keys(pipeline));
        Assert.Equal("ok", pipeline.GetProperty("status").GetString());
        Assert.True(pipeline.GetProperty("worker_in_process").GetBoolean());
        var source = Assert.Single(status.GetProperty("sources").EnumerateArray());
        Assert.Equal(SourceKeys, Keys(source));
        Assert.Equal("inbox", source.GetProperty("name").GetString());
        Assert.Equal("drop_folder", source.GetProperty("kind").GetString());
        Assert.Equal("ok", source.GetProperty("health").GetString());
        Assert.Equal(app.Paths.Inbox, source.GetProperty("location").GetString());
        Assert.Equal("empty.txt", status.GetProperty("quarantine").GetProperty("last").GetProperty("file").GetString());
        Assert.Contains("empty", status.GetProperty("quarantine").GetProperty("last").GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("last_alert").ValueKind);
        Assert.Empty(status.GetProperty("problems").EnumerateArray());
        Assert.EndsWith("Z", status.GetProperty("generated").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiStatus_ApiOnlyRole_SaysThePipelineStateIsUnknownHere()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api);

        var status = JsonDocument.Parse(await app.Client.GetStringAsync("/api/status")).RootElement;

        Assert.Equal("unknown", status.GetProperty("pipeline").GetProperty("status").GetString());
        Assert.False(status.GetProperty("pipeline").GetProperty("worker_in_process").GetBoolean());
    }

    [Fact]
    public async Task StatusCommand_AfterIngest_PrintsTheApiShapeAndReadableText()
    {
        using var temp = new TempFolder();
        var data = temp.Combine("data");
        var (ingestExit, _, ingestErr) = await IngestorProcess.RunCommandAsync("ingest", TestFiles.Fixture("articles", "lisbon-01.txt"),
            TestFiles.Fixture("articles", "lisbon-02.txt"), "--data", data, "--config", TestFiles.ConfigDirectory);
        Assert.True(ingestExit == 0, ingestErr);

        var (exit, stdout, stderr) = await IngestorProcess.RunCommandAsync("status", "--json", "--data", data, "--config", TestFiles.ConfigDirectory);

        Assert.True(exit == 0, stderr);
        var status = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(TopLevel, Keys(status));
        Assert.Equal(2, status.GetProperty("index").GetProperty("documents").GetInt64());
        Assert.Equal(0, status.GetProperty("journal").GetProperty("depth").GetInt64());
        Assert.False(status.GetProperty("pipeline").GetProperty("worker_in_process").GetBoolean());
        Assert.Equal(SourceKeys, Keys(status.GetProperty("sources")[0]));

        var (textExit, text, _) = await IngestorProcess.RunCommandAsync("status", "--data", data, "--config", TestFiles.ConfigDirectory);
        Assert.Equal(0, textExit);
        Assert.Contains("index       2 documents", text, StringComparison.Ordinal);
        Assert.Contains("journal     0 waiting to be indexed (limit 100000)", text, StringComparison.Ordinal);
        Assert.Contains("last alert  none", text, StringComparison.Ordinal);
        Assert.Matches(@"\n  inbox  drop_folder  (ok|missing)", text);
    }
}
