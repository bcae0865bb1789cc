using System.Text;
using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Collect.DropFolder;
using Ingestor.Index;
using Ingestor.Tests.Host;

namespace Ingestor.Tests.Collect.DropFolder;

/// <summary>Hostile and broken files in the drop folder, through the real host: each is indexed or quarantined with a reason, never lost or followed.</summary>
public sealed class HostileFileTests
{
    private const string Sentence = "The harbour council met on Tuesday to discuss the ferry timetable, the budget and the storm repairs.";

    private static async Task<SearchResult> SearchAsync(IngestorApp app, string query) =>
        await app.GetJsonAsync<SearchResult>("/api/search?collapse=false&" + query);

    private static async Task<QuarantineNote> NoteAsync(IngestorApp app, string file) =>
        JsonSerializer.Deserialize<QuarantineNote>(await File.ReadAllTextAsync(Path.Combine(app.Paths.Quarantine, file + ".error.json")), IngestorJson.Compact)!;

    [Fact]
    public async Task OneGigabyteFile_IsQuarantinedBySizeWithoutBeingRead()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        var staging = temp.Combine("huge.txt");
        await using (var stream = new FileStream(staging, FileMode.CreateNew))
        {
            stream.SetLength(1L << 30); // sparse: a gigabyte on paper, no disk used
        }
        File.Move(staging, Path.Combine(app.Paths.Inbox, "huge.txt"));

        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(app.Paths.Quarantine, "huge.txt.error.json")))));
        var note = await NoteAsync(app, "huge.txt");
        Assert.Contains("1,073,741,824 bytes, over the", note.Reason, StringComparison.Ordinal);
        Assert.Contains("Inbox:MaxFileBytes", note.Reason, StringComparison.Ordinal);
        Assert.Equal(1L << 30, note.Size);
        Assert.Equal(1L << 30, new FileInfo(Path.Combine(app.Paths.Quarantine, "huge.txt")).Length);
    }

    [Fact]
    public async Task InvalidUtf8AndMixedEncodings_AreDecodedAndIndexed()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        var latin1 = Encoding.Latin1.GetBytes($"Caf\u00e9 owners in Lisbon complain. {Sentence} Marmalade prices rose.");
        byte[] mixed = [.. Encoding.UTF8.GetBytes($"Na\u00efve tourists and quarrymen gathered. {Sentence} "), 0xE9, 0xFF, 0xC3, .. Encoding.UTF8.GetBytes(" The end.")];
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "latin1.txt"), latin1);
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "mixed.txt"), mixed);

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=marmalade")).Total == 1 && (await SearchAsync(app, "q=quarrymen")).Total == 1));
        var hit = (await SearchAsync(app, "q=marmalade")).Hits.Single();
        var article = await app.GetJsonAsync<ArticleView>("/api/articles/" + Uri.EscapeDataString(hit.Id));
        Assert.Contains("Caf\u00e9", article.Body, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(app.Paths.Quarantine));
    }

    [Fact]
    public async Task NulBytesInText_AreQuarantinedAsBinary()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        byte[] content = [.. Encoding.UTF8.GetBytes(Sentence + " Nulbyte story. "), 0, 0, .. Encoding.UTF8.GetBytes(Sentence)];
        await File.WriteAllBytesAsync(Path.Combine(app.Paths.Inbox, "nul.txt"), content);

        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(app.Paths.Quarantine, "nul.txt.error.json")))));
        Assert.Contains("binary", (await NoteAsync(app, "nul.txt")).Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await SearchAsync(app, "q=nulbyte")).Total);
    }

    [Fact]
    public async Task DeeplyNestedHtmlFile_IsHandledAndTheWorkerCarriesOn()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        var html = "<html><head><title>Nested</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000))
            + "<p>Matryoshka " + Sentence + "</p>" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>";
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "nested.html"), html);
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "after.txt"), "Afterwards the quayside reopened. " + Sentence);

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=quayside")).Total == 1
            && Directory.GetFiles(app.Paths.Processed).Length + Directory.GetFiles(app.Paths.Quarantine, "*.error.json").Length == 2, TimeSpan.FromSeconds(60)));
        // Nesting is bounded before parsing, so the text at the bottom is found (and quickly: the wait above is 60 s).
        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=matryoshka")).Total == 1));
        Assert.True(File.Exists(Path.Combine(app.Paths.Processed, "nested.html")));
        Assert.Empty(Directory.GetFiles(app.Paths.Processing));
    }

    [Fact]
    public async Task NamesWithSpacesUnicodeAndDots_AreIngestedUnderTheirOwnNames()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path);
        string[] names = ["two  spaces here.txt", "\u00fcn\u00efc\u00f8d\u00e9 \u6771\u4eac news.txt", "a..b.txt", "report .. final.txt", "x..\\..\\escape.txt", "%2e%2e%2fencoded.txt"];
        // A leading dot is a hidden (or half-written) file: left alone, never walked "up".
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "..\\..\\hidden.txt"), "Oddhidden story. " + Sentence);
        for (var i = 0; i < names.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, names[i]), $"Oddname{i} story from the quay. {Sentence}");
        }

        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(Directory.GetFiles(app.Paths.Processed).Length == names.Length)));
        Assert.Equal(names.Order(StringComparer.Ordinal), Directory.GetFiles(app.Paths.Processed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        for (var i = 0; i < names.Length; i++)
        {
            var i1 = i;
            Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, $"q=oddname{i1}")).Total == 1), names[i]);
        }
        Assert.True(File.Exists(Path.Combine(app.Paths.Inbox, "..\\..\\hidden.txt")));
        Assert.Equal(0, (await SearchAsync(app, "q=oddhidden")).Total);
        // Nothing was written outside the data folder's own subfolders.
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(temp.Path)!, "escape.txt")));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.txt"));
    }

    [Fact]
    public async Task SymlinkToAFileOutsideTheInbox_IsQuarantinedAndNotFollowed()
    {
        using var temp = new TempFolder();
        var outside = Directory.CreateDirectory(temp.Combine("outside")).FullName;
        var secret = Path.Combine(outside, "secret.txt");
        await File.WriteAllTextAsync(secret, "Zanzibarsecret material that must never be indexed. " + Sentence);
        await using var app = await IngestorApp.StartAsync(temp.Path);

        File.CreateSymbolicLink(Path.Combine(app.Paths.Inbox, "link.txt"), secret);

        Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(app.Paths.Quarantine, "link.txt.error.json")))));
        Assert.Contains("symbolic link", (await NoteAsync(app, "link.txt")).Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await SearchAsync(app, "q=zanzibarsecret")).Total);
        Assert.True(File.Exists(secret), "the link's target was moved or removed");
    }

    [Fact]
    public async Task SymlinkedFolderPointingOutOfTheInbox_IsNotEntered()
    {
        using var temp = new TempFolder();
        var outside = Directory.CreateDirectory(temp.Combine("outside")).FullName;
        var secret = Path.Combine(outside, "private.txt");
        await File.WriteAllTextAsync(secret, "Zanzibarfolder notes that must stay where they are. " + Sentence);
        await using var app = await IngestorApp.StartAsync(temp.Path, settings: new Dictionary<string, string?> { ["Inbox:RescanInterval"] = "00:00:01" });

        Directory.CreateSymbolicLink(Path.Combine(app.Paths.Inbox, "linked"), outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "later.txt"), "Zanzibarfolder later notes. " + Sentence);
        await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "plain.txt"), "Lighthouse keepers voted. " + Sentence);

        Assert.True(await IngestorApp.EventuallyAsync(async () => (await SearchAsync(app, "q=lighthouse")).Total == 1));
        await Task.Delay(2500); // at least two rescans
        Assert.Equal(0, (await SearchAsync(app, "q=zanzibarfolder")).Total);
        Assert.True(File.Exists(secret));
        Assert.True(File.Exists(Path.Combine(outside, "later.txt")));
        Assert.Empty(Directory.GetFiles(app.Paths.Quarantine));
    }
}
