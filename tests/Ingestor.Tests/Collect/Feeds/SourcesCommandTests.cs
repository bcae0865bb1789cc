using System.Text.Json;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>The real `ingestor sources` executable.</summary>
public sealed class SourcesCommandTests
{
    private static readonly string[] FeedKeys =
    [
        "name", "kind", "url", "enabled", "health", "tags", "full_text", "schedule", "last_poll", "last_success", "last_error", "last_error_at",
        "consecutive_failures", "next_poll", "items_last_poll",
    ];

    [Fact]
    public async Task Sources_Json_ListsShippedFeedsDisabledAndAnExtraFeedPending()
    {
        using var data = new TempFolder();
        var (exitCode, stdout, stderr) = await ProcessRunner.IngestorAsync(
            ["--data", data.Path, "--config", TestFiles.ConfigDirectory, "sources", "--json"],
            new Dictionary<string, string?>
            {
                ["INGESTOR_sources__9__name"] = "sample-desk",
                ["INGESTOR_sources__9__url"] = new Uri(Path.Combine(TestFiles.RepositoryRoot, "samples", "feeds", "harbour-desk.xml")).AbsoluteUri,
            });

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var feeds = json.RootElement.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(FeedKeys, feeds[0].EnumerateObject().Select(p => p.Name));
        Assert.All(feeds.Where(f => f.GetProperty("name").GetString() != "sample-desk"), f => Assert.Equal("disabled", f.GetProperty("health").GetString()));
        var sample = Assert.Single(feeds, f => f.GetProperty("name").GetString() == "sample-desk");
        Assert.Equal("pending", sample.GetProperty("health").GetString());
        Assert.Equal("every 00:15:00", sample.GetProperty("schedule").GetString());
    }
}
