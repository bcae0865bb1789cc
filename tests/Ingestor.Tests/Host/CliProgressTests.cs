using Ingestor.Tests.Reliability;

namespace Ingestor.Tests.Host;

/// <summary>Long commands off a terminal print plain progress lines (count, rate, ETA) instead of a live bar.</summary>
public sealed class CliProgressTests
{
    [Fact]
    public async Task Ingest_NotOnATerminal_PrintsPlainProgressLinesWithRateAndEta()
    {
        using var temp = new TempFolder();

        var (exit, stdout, stderr) = await IngestorProcess.RunCommandAsync("ingest", TestFiles.Fixture("articles"),
            "--data", temp.Combine("data"), "--config", TestFiles.ConfigDirectory);

        Assert.True(exit == 0, stderr);
        Assert.Matches(@"(?m)^Normalizing: (\d+)/\1 \(\d+/s, ETA \d\d:\d\d:\d\d\)$", stderr);
        Assert.Matches(@"(?m)^Indexing: (\d+)/\1 \(\d+/s, ETA \d\d:\d\d:\d\d\)$", stderr);
        Assert.DoesNotContain("\u001b[", stderr, StringComparison.Ordinal);
        Assert.Matches(@"ingested: \d+, updated: 0, unchanged: 0, quarantined: 0", stdout);
    }
}
