using System.Text.Json;
using Ingestor.Alerts;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Pipeline;

namespace Ingestor.Tests.Alerts;

/// <summary>
/// What every engine's alert matching must do: fire the same rules for the same articles, with the
/// semantics of a search with the rule's query and filters (copies never match), and so record the
/// same alerts. An engine's test class supplies its matcher; one that needs a server skips without it.
/// </summary>
public abstract class AlertMatcherConformance
{
    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A matcher on an empty engine. Call <c>Skip.If(...)</c> here to skip.</summary>
    protected abstract Task<IAlertMatcher> CreateMatcherAsync(CancellationToken cancellationToken);

    private static Article Make(string id, string title, string body, string source, string language, string story, string? duplicateOf, params (string Name, EntityType Type)[] entities) => new()
    {
        Id = id,
        Title = title,
        Body = body,
        Lead = body,
        Source = source,
        Language = language,
        ContentHash = id,
        StoryId = story,
        DuplicateOf = duplicateOf,
        Published = new DateTimeOffset(2025, 12, 19, 9, 0, 0, TimeSpan.Zero),
        Entities = entities.Select((e, i) => new ArticleEntity(e.Name, e.Type, 1, i, null)).ToList(),
    };

    protected static readonly IReadOnlyList<Article> Batch =
    [
        Make("m1", "Envoy opens Miami summit on the Gaza ceasefire", "Steve Witkoff welcomed the Qatari, Egyptian and Turkish ministers to the Miami summit.",
            "Gulf Wire", "en", "s-miami", null, ("Steve Witkoff", EntityType.Person), ("Miami", EntityType.Location), ("Gaza", EntityType.Location)),
        Make("m2", "Storm floods the old town of Viveiro", "The river burst its banks and flooded the lower streets overnight.",
            "Coastal Wire", "en", "s-storm", null, ("Viveiro", EntityType.Location)),
        Make("m3", "Greek and Turkish ministers meet in Lisbon", "Hakan Fidan and his Greek counterpart discussed the Aegean for three hours.",
            "Capital Desk", "en", "s-lisbon", null, ("Hakan Fidan", EntityType.Person), ("Lisbon", EntityType.Location)),
        Make("m4", "Envoy opens Miami summit on the Gaza ceasefire", "Steve Witkoff welcomed the Qatari, Egyptian and Turkish ministers to the Miami summit.",
            "Mirror Daily", "en", "s-miami", "m1", ("Steve Witkoff", EntityType.Person), ("Miami", EntityType.Location), ("Gaza", EntityType.Location)),
        Make("m5", "Cimeira em Miami sobre o cessar-fogo em Gaza", "Os ministros do Catar, do Egito e da Turquia chegaram a Miami para a cimeira sobre Gaza.",
            "Lusa", "pt", "s-miami", null, ("Miami", EntityType.Location), ("Gaza", EntityType.Location)),
        Make("m6", "Benfica beat Porto in a late comeback", "Benfica scored three times in the final minutes to win the match.",
            "Sports Desk", "en", "s-football", null),
    ];

    private static AlertRule Rule(string id, string? query, string filters = "{}", string modes = "\"every_article\"") =>
        AlertRuleParser.Parse(JsonDocument.Parse($$"""
            {"id":"{{id}}","name":"{{id}}","query":{{(query is null ? "null" : JsonSerializer.Serialize(query))}},"filters":{{filters}},
             "modes":[{{modes}}],"destinations":[{"type":"log"}]}
            """).RootElement, null, AlertRuleOrigin.Api);

    /// <summary>Rules and the articles each must fire for (copies never do).</summary>
    public static TheoryData<string, string?, string, string[]> Cases() => new()
    {
        { "word", "summit", "{}", ["m1"] },
        { "phrase", "\"miami summit\"", "{}", ["m1"] },
        { "or", "storm OR benfica", "{}", ["m2", "m6"] },
        { "and-not", "gaza -cimeira", "{}", ["m1"] },
        { "prefix", "flood*", "{}", ["m2"] },
        { "person-only", null, """{"person":["Steve Witkoff"]}""", ["m1"] },
        { "query-and-location", "ministers", """{"location":["Lisbon","Miami"]}""", ["m1", "m3"] },
        { "sources", null, """{"source":["Coastal Wire","Sports Desk"]}""", ["m2", "m6"] },
        { "language", null, """{"language":["pt"]}""", ["m5"] },
        { "two-filters", null, """{"location":["Gaza"],"language":["en"]}""", ["m1"] },
        { "nothing", "volcano", "{}", [] },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task MatchAsync_Rule_FiresForWhatItsSearchFinds_CopiesExcluded(string id, string? query, string filters, string[] expected)
    {
        var matcher = await CreateMatcherAsync(Ct);
        var rule = Rule(id, query, filters);
        await matcher.SyncAsync([rule], Ct);

        var matches = await matcher.MatchAsync(Batch, [rule], Ct);

        Assert.Equal(expected, matches.SingleOrDefault(m => m.RuleId == id)?.ArticleIds ?? []);
    }

    [SkippableFact]
    public async Task MatchAsync_ManyRules_EachWithItsArticlesInBatchOrder()
    {
        var matcher = await CreateMatcherAsync(Ct);
        var rules = Cases().Select(c => Rule((string)c[0], (string?)c[1], (string)c[2])).ToList();
        await matcher.SyncAsync(rules, Ct);

        var matches = await matcher.MatchAsync(Batch, rules, Ct);

        var expected = Cases().Where(c => ((string[])c[3]).Length > 0).ToDictionary(c => (string)c[0], c => (string[])c[3]);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), matches.Select(m => m.RuleId).Order(StringComparer.Ordinal));
        Assert.All(matches, m => Assert.Equal(expected[m.RuleId], m.ArticleIds));
    }

    [SkippableFact]
    public async Task SyncAsync_RuleRemovedOrDisabled_NoLongerFires()
    {
        var matcher = await CreateMatcherAsync(Ct);
        var word = Rule("word", "summit");
        var storm = Rule("storm", "storm");
        await matcher.SyncAsync([word, storm], Ct);
        await matcher.SyncAsync([word with { Enabled = false }], Ct);

        var matches = await matcher.MatchAsync(Batch, [storm], Ct);

        Assert.Empty(matches);
    }

    /// <summary>The same batches through the engine's matching and the ledger give the same alerts on every engine.</summary>
    [SkippableFact]
    public async Task Evaluation_SameBatches_SameAlerts()
    {
        var matcher = await CreateMatcherAsync(Ct);
        using var temp = new TempFolder();
        await using var state = new StateDatabase(new IngestorPaths(temp.Path, TestFiles.ConfigDirectory));
        var outbox = new AlertOutbox(new AlertDatabase(state), TimeProvider.System);
        var rules = new[]
        {
            Rule("miami", "miami OR witkoff", modes: "\"new_story\",\"story_update\""),
            Rule("every-storm", "storm OR flooded"),
            Rule("pt", null, """{"language":["pt"]}""", "\"new_story\""),
        };
        rules[0] = rules[0] with { MinNewSources = 1 };
        await matcher.SyncAsync(rules, Ct);

        foreach (var batch in Batch.Chunk(3))
        {
            var candidates = batch.Where(a => a.DuplicateOf is null).ToList();
            var matches = await matcher.MatchAsync(candidates, rules, Ct);
            var resolved = matches.Select(m => (rules.Single(r => r.Id == m.RuleId), (IReadOnlyList<Article>)m.ArticleIds.Select(id => candidates.Single(a => a.Id == id)).ToList())).ToList();
            await outbox.RecordAsync(resolved, _ => null, Ct);
        }

        var alerts = (await outbox.HistoryAsync(null, 100, Ct)).Reverse().Select(a => $"{a.RuleId}:{a.Kind}:{a.StoryId}:{string.Join('+', a.ArticleIds)}").ToList();
        Assert.Equal(
        [
            "miami:new_story:s-miami:m1",
            "every-storm:every_article:s-storm:m2",
            "miami:story_update:s-miami:m5",
            "pt:new_story:s-miami:m5",
        ], alerts);
    }
}

/// <summary>The conformance suite on the embedded engine's in-process matcher.</summary>
public sealed class SqliteAlertMatcherConformanceTests : AlertMatcherConformance, IDisposable
{
    private readonly Ingestor.Index.Sqlite.SqliteRuleMatcher _matcher = new();

    protected override Task<IAlertMatcher> CreateMatcherAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IAlertMatcher>(new SqliteAlertMatcher(_matcher, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteAlertMatcher>.Instance));

    public void Dispose() => _matcher.Dispose();
}
