using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Pipeline;

namespace Ingestor.Tests.Pipeline;

/// <summary>The durable journal on a real SQLite file: drained in acceptance order, keyed by article id so re-delivery is harmless.</summary>
public sealed class ArticleJournalTests
{
    private static Article Make(string id, string body) => new() { Id = id, Title = "Title " + id, Body = body, ContentHash = "h-" + body.GetHashCode(StringComparison.Ordinal) };

    [Fact]
    public async Task Peek_AfterAcceptsAndRedelivery_ReturnsAcceptanceOrderWithOneEntryPerId()
    {
        using var temp = new TempFolder();
        await using var database = new StateDatabase(new IngestorPaths(temp.Path, TestFiles.ConfigDirectory));
        var journal = new ArticleJournal(database, TimeProvider.System);
        var ct = CancellationToken.None;

        await journal.AcceptAsync([Make("a", "one"), Make("b", "two"), Make("c", "three")], ct);
        var sameAgain = await journal.AcceptAsync([Make("a", "one")], ct);
        await journal.AcceptAsync([Make("b", "two, corrected")], ct);

        Assert.Equal(ArticleChange.Unchanged, sameAgain.Single().Change);
        var pending = await journal.PeekAsync(10, ct);
        Assert.Equal(["a", "c", "b"], pending.Select(e => e.Article.Id));
        Assert.Equal("two, corrected", pending[2].Article.Body);
        Assert.Equal(3, await journal.CountAsync(ct));
    }

    [Fact]
    public async Task Accept_AfterComplete_SameContentIsUnchangedAndNewContentIsAnUpdate()
    {
        using var temp = new TempFolder();
        var paths = new IngestorPaths(temp.Path, TestFiles.ConfigDirectory);
        var ct = CancellationToken.None;
        await using (var database = new StateDatabase(paths))
        {
            var journal = new ArticleJournal(database, TimeProvider.System);
            await journal.AcceptAsync([Make("a", "one"), Make("b", "two")], ct);
            await journal.CompleteAsync(await journal.PeekAsync(1, ct), ct);
        }

        // A new process on the same file (a restart) sees what the last one left.
        await using var reopened = new StateDatabase(paths);
        var again = new ArticleJournal(reopened, TimeProvider.System);
        Assert.Equal(["b"], (await again.PeekAsync(10, ct)).Select(e => e.Article.Id));
        var results = await again.AcceptAsync([Make("a", "one"), Make("a2", "x")], ct);
        Assert.Equal([ArticleChange.Unchanged, ArticleChange.New], results.Select(r => r.Change));
        Assert.Equal(ArticleChange.Updated, (await again.AcceptAsync([Make("a", "one, updated")], ct)).Single().Change);
        Assert.Equal(["b", "a2", "a"], (await again.PeekAsync(10, ct)).Select(e => e.Article.Id));
    }
}
