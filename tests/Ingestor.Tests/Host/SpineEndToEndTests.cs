using System.Net;
using System.Text.Json;
using Ingestor.Collect.DropFolder;
using Ingestor.Index;
using Ingestor.Tests.Host;

namespace Ingestor.Tests.Host;

/// <summary>Drop folder → normalized article → embedded index → faceted search, through the real host.</summary>
public sealed class SpineEndToEndTests
{
    private static readonly string[] Lisbon = ["lisbon-01.txt", "lisbon-02.txt"];

    private static async Task DropAsync(IngestorApp app, string fixture, string? name = null)
    {
        var inbox = app.Paths.Inbox;
        var temp = Path.Combine(inbox, "." + (name ?? fixture) + ".tmp");
        File.Copy(TestFiles.Fixture("articles", fixture), temp, overwrite: true);
        File.Move(temp, Path.Combine(inbox, name ?? fixture)); // a writer's usual "write then rename"
    }

    private static async Task<SearchResult> SearchAsync(IngestorApp app, string query) =>
        await app.GetJsonAsync<SearchResult>("/api/search?" + query);

    [Fact]
    public async Task DroppedArticles_AreSearchableWithFacets_AndDroppingAgainChangesNothing()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        foreach (var name in Lisbon)
        {
            await DropAsync(app, name);
        }

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=talks")).Total == 2));
        var result = await SearchAsync(app, "q=talks");
        Assert.Equal(2, result.Total);
        Assert.Contains(result.Facets["person"], f => f is { Value: "Hakan Fidan", Count: 2 });
        Assert.Contains(result.Facets["person"], f => f is { Value: "Giorgos Gerapetritis", Count: 2 });
        Assert.Contains(result.Facets["organization"], f => f is { Value: "NATO", Count: 2 });
        Assert.Contains(result.Facets["location"], f => f is { Value: "Brussels", Count: 2 });
        Assert.DoesNotContain(result.Facets["location"], f => f.Value == "Cyprus");
        Assert.Contains(result.Facets["source"], f => f is { Value: "inbox", Count: 2 });
        Assert.All(result.Hits, h => Assert.Contains("<mark>", h.Snippet, StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetFiles(app.Paths.Processed).Length);

        foreach (var name in Lisbon)
        {
            await DropAsync(app, name);
        }
        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(Directory.GetFiles(app.Paths.Processed).Length == 4)));
        Assert.Equal(2, (await SearchAsync(app, "q=talks")).Total);
    }

    [Fact]
    public async Task BadFiles_AreQuarantinedWithTheirReason_AndNothingIsLost()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: new Dictionary<string, string?> { ["Inbox:MaxFileBytes"] = "4096" });
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "empty.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "image.txt"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01]);
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "notes.docx"), "not a format we read");
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "broken.json"), "{\"title\": ");
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "big.txt"), new string('a', 5000));
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "name with spaces ü.txt"), "A proper article about the harbour reopening after the storm, with enough words.");

        var expected = new Dictionary<string, string>
        {
            ["empty.txt"] = "empty",
            ["image.txt"] = "binary",
            ["notes.docx"] = "Unsupported file type",
            ["broken.json"] = "Invalid JSON",
            ["big.txt"] = "over the 4,096-byte limit",
        };
        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(
            Directory.GetFiles(app.Paths.Quarantine, "*.error.json").Length == expected.Count && Directory.GetFiles(app.Paths.Processed).Length == 1)));
        foreach (var (file, reason) in expected)
        {
            Assert.True(File.Exists(Path.Combine(app.Paths.Quarantine, file)), file);
            var note = JsonSerializer.Deserialize<QuarantineNote>(await File.ReadAllTextAsync(Path.Combine(app.Paths.Quarantine, file + ".error.json")), Articles.IngestorJson.Compact)!;
            Assert.Contains(reason, note.Reason, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(app.Paths.Inbox));
        Assert.Empty(Directory.GetFiles(app.Paths.Processing));
    }

    [Fact]
    public async Task FilesLeftInProcessing_AreRetriedOnStart()
    {
        using var temp = new TempFolder();
        var processing = Path.Combine(temp.Path, "processing");
        Directory.CreateDirectory(processing);
        File.Copy(TestFiles.Fixture("articles", "football-01.txt"), Path.Combine(processing, "football-01.txt"));

        await using var app = await IngestorApp.StartAsync(temp.Path);

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=benfica")).Total == 1));
        Assert.Empty(Directory.GetFiles(processing));
        Assert.Single(Directory.GetFiles(app.Paths.Processed));
    }

    [Fact]
    public async Task TemporaryAndHiddenNames_AreLeftAlone()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "story.txt.part"), "still being written");
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, ".story.txt"), "hidden");
        await DropAsync(app, "football-01.txt");

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=porto")).Total == 1));
        Assert.True(File.Exists(Path.Combine(app.Paths.Inbox, "story.txt.part")));
        Assert.True(File.Exists(Path.Combine(app.Paths.Inbox, ".story.txt")));
    }

    [Theory]
    [InlineData("q=%22unclosed", "never closed")]
    [InlineData("q=gaza%20OR", "on its right")]
    [InlineData("size=500", "'size' must be between 1 and 100")]
    [InlineData("page=0", "'page' must be between")]
    [InlineData("from=yesterday", "'from' must be a date")]
    [InlineData("sort=oldest", "'sort' must be")]
    [InlineData("from=2025-12-20&to=2025-12-01", "must be before")]
    public async Task Search_BadParameters_Are400WithAMessage(string query, string message)
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);

        var response = await app.Client.GetAsync("/api/search?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("at Ingestor", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArticleHealthAndOpenApi_Endpoints_Answer()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        await DropAsync(app, "football-01.txt");
        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=benfica")).Total == 1));
        var hit = (await SearchAsync(app, "q=benfica")).Hits[0];

        var article = await app.Client.GetStringAsync("/api/articles/" + hit.Id);
        Assert.Contains("\"word_count\":", article, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/api/articles/0000000000000000")).StatusCode);
        Assert.Contains("\"ok\"", await app.Client.GetStringAsync("/healthz"), StringComparison.Ordinal);
        Assert.Contains("\"ok\"", await app.Client.GetStringAsync("/readyz"), StringComparison.Ordinal);
        Assert.Contains("/api/search", await app.Client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }
}
