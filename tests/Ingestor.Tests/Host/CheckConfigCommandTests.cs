using Ingestor.Tests.Reliability;

namespace Ingestor.Tests.Host;

/// <summary>`ingestor check-config`: every problem with its key, exit 1; or "configuration OK", exit 0.</summary>
public sealed class CheckConfigCommandTests
{
    [Fact]
    public async Task CheckConfig_ShippedConfiguration_IsOk()
    {
        using var temp = new TempFolder();

        var (exit, stdout, stderr) = await IngestorProcess.RunCommandAsync("check-config", "--data", temp.Path, "--config", TestFiles.ConfigDirectory);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal("configuration OK", stdout.Trim());
    }

    [Fact]
    public async Task CheckConfig_ManyProblems_PrintsEveryOneWithItsKey()
    {
        using var temp = new TempFolder();
        var config = temp.Combine("config");
        Directory.CreateDirectory(Path.Combine(config, "entities"));
        Directory.CreateDirectory(Path.Combine(config, "alerts"));
        await File.WriteAllTextAsync(Path.Combine(config, "ingestor.yaml"), """
            Urls: "http://0.0.0.0:5080"
            Index:
              Engine: lucene
              Sqlite:
                ReaderConnections: 0
            Inbox:
              RescanInterval: "00:00:00"
              SettleTime: "soon"
            Pipeline:
              JournalLimit: 0
              ShutdownTimeout: "00:00:00"
            Api:
              RequestsPerMinute: 0
            """);
        await File.WriteAllTextAsync(Path.Combine(config, "entities", "people.yaml"), "entities:\n  - name: Nobody\n");
        await File.WriteAllTextAsync(Path.Combine(config, "entities", "broken.yaml"), "entities: [unclosed\n");
        await File.WriteAllTextAsync(Path.Combine(config, "alerts", "summit.yaml"), "name: \"unterminated\n");

        var (exit, stdout, _) = await IngestorProcess.RunCommandAsync("check-config", "--data", temp.Combine("data"), "--config", config);

        Assert.Equal(1, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] keys =
        [
            "Index:Engine",
            "Index:Sqlite:ReaderConnections",
            "Inbox:SettleTime",
            "Pipeline:JournalLimit",
            "Pipeline:ShutdownTimeout",
            "Api:RequestsPerMinute",
            "Api:ApiKeys",
            "entities/people.yaml",
            "entities/broken.yaml",
            "alerts/summit.yaml",
        ];
        foreach (var key in keys)
        {
            Assert.True(lines.Any(l => l.StartsWith(key, StringComparison.Ordinal)), $"no line for {key} in:\n{stdout}");
        }
        Assert.Contains(lines, l => l.StartsWith("Pipeline:JournalLimit", StringComparison.Ordinal) && l.Contains("between 1 and", StringComparison.Ordinal));
        Assert.EndsWith($"configuration problem(s) in {config}", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("configuration OK", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_MalformedYaml_NamesTheFileAndLine()
    {
        using var temp = new TempFolder();
        var config = temp.Combine("config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "ingestor.yaml"), "Index:\n  Engine: sqlite\n    Broken: [\n");

        var (exit, stdout, _) = await IngestorProcess.RunCommandAsync("check-config", "--data", temp.Combine("data"), "--config", config);

        Assert.Equal(1, exit);
        Assert.StartsWith("ingestor.yaml: invalid YAML at line", stdout, StringComparison.Ordinal);
    }
}
