using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Alerts;
using Ingestor.Alerts.Delivery;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Alerts;

/// <summary>The delivery worker against a real local HTTP endpoint: signatures, retries, dead letters, restarts.</summary>
public sealed class AlertDeliveryTests : IAsyncDisposable
{
    private const string Secret = "delivery-test-secret";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _temp = new();

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        _temp.Dispose();
    }

    private ServiceProvider Services(Dictionary<string, string?>? settings = null)
    {
        var rules = _temp.Combine("rules");
        Directory.CreateDirectory(rules);
        var values = new Dictionary<string, string?>
        {
            ["Alerts:RulesDirectory"] = rules,
            ["Alerts:Secrets:test"] = Secret,
            ["Alerts:RetryDelay"] = "00:00:00.010",
            ["Alerts:Retries"] = "2",
            ["Alerts:RedeliveryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIngestorCore(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), new IngestorPaths(_temp.Combine("data"), TestFiles.ConfigDirectory));
        return services.BuildServiceProvider();
    }

    private static async Task<AlertRule> CreateRuleAsync(ServiceProvider services, string destinations) =>
        await services.GetRequiredService<AlertRuleStore>().CreateAsync(JsonDocument.Parse($$"""
            {"id":"summits","name":"Summits","query":"summit","modes":["new_story"],"destinations":{{destinations}}}
            """).RootElement, None);

    private static Task<int> RecordAsync(ServiceProvider services, AlertRule rule, string article, string story) =>
        services.GetRequiredService<AlertOutbox>().RecordAsync([(rule, [AlertOutboxTests.Article(article, story, "Gulf Wire")])], _ => null, None);

    private static Task<int> DeliverAsync(ServiceProvider services) => services.GetRequiredService<AlertDispatcher>().DeliverAsync(None);

    private static string Webhook(WebhookReceiver receiver, string path = "/hook") =>
        $$"""[{"type":"webhook","url":"{{receiver.Url(path)}}","secret":"test"}]""";

    [Fact]
    public async Task Webhook_Delivered_JsonBodySignedWithHmacSha256()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = Services();
        var rule = await CreateRuleAsync(services, Webhook(receiver));
        await RecordAsync(services, rule, "a1", "s1");

        Assert.Equal(1, await DeliverAsync(services));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(WebhookSender.Sign(Secret, request.Body), request.Headers[WebhookSender.SignatureHeader]);
        Assert.StartsWith("sha256=", request.Headers[WebhookSender.SignatureHeader], StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var payload = AlertTestHost.Payload(request);
        Assert.Equal(("new_story", "summits", "s1"), (payload.Kind, payload.Rule.Id, payload.Articles[0].Id == "a1" ? "s1" : "?"));
        Assert.Equal(payload.AlertId, request.Headers[WebhookSender.AlertIdHeader]);
        Assert.Equal("new_story", request.Headers[WebhookSender.EventHeader]);
        var history = await services.GetRequiredService<AlertOutbox>().HistoryAsync("summits", 10, None);
        Assert.Equal("sent", Assert.Single(history).Status);
    }

    [Fact]
    public async Task Webhook_TransientErrors_RetriedWithTheSameSignedBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Responses.Enqueue(500);
        receiver.Responses.Enqueue(503);
        await using var services = Services();
        var rule = await CreateRuleAsync(services, Webhook(receiver));
        await RecordAsync(services, rule, "a1", "s1");

        Assert.Equal(1, await DeliverAsync(services));

        var requests = receiver.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Text).Distinct());
        Assert.All(requests, r => Assert.Equal(WebhookSender.Sign(Secret, r.Body), r.Headers[WebhookSender.SignatureHeader]));
    }

    [Fact]
    public async Task Webhook_KeepsFailing_RescheduledThenDeadLettered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            receiver.Responses.Enqueue(502);
        }
        await using var services = Services(new() { ["Alerts:Retries"] = "1", ["Alerts:MaxAttempts"] = "2" });
        var rule = await CreateRuleAsync(services, Webhook(receiver));
        await RecordAsync(services, rule, "a1", "s1");

        Assert.Equal(0, await DeliverAsync(services));
        var first = Assert.Single(await services.GetRequiredService<AlertOutbox>().HistoryAsync("summits", 10, None));
        Assert.Equal(("pending", 1), (first.Deliveries[0].Status, first.Deliveries[0].Attempts));
        Assert.Equal(0, await DeliverAsync(services));

        Assert.Equal(4, receiver.Requests.Count);
        var entry = Assert.Single(await services.GetRequiredService<AlertOutbox>().HistoryAsync("summits", 10, None));
        Assert.Equal("failed", entry.Status);
        Assert.Contains("HTTP 502", entry.Deliveries[0].LastError, StringComparison.Ordinal);
        var dead = JsonNode.Parse((await File.ReadAllLinesAsync(Path.Combine(_temp.Combine("data"), "dead-letter", "alerts.ndjson"))).Single())!;
        Assert.Equal(entry.Id, dead["alert_id"]!.GetValue<string>());
        Assert.Equal("new_story", dead["payload"]!["kind"]!.GetValue<string>());
        Assert.Equal(0, await DeliverAsync(services));
        Assert.Equal(4, receiver.Requests.Count);
    }

    [Fact]
    public async Task Webhook_Refused_DeadLetteredWithoutRetries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Responses.Enqueue(404);
        await using var services = Services();
        var rule = await CreateRuleAsync(services, Webhook(receiver));
        await RecordAsync(services, rule, "a1", "s1");

        await DeliverAsync(services);

        Assert.Single(receiver.Requests);
        var entry = Assert.Single(await services.GetRequiredService<AlertOutbox>().HistoryAsync("summits", 10, None));
        Assert.Equal(("dead", 1), (entry.Deliveries[0].Status, entry.Deliveries[0].Attempts));
    }

    [Fact]
    public async Task Webhook_DownThenUp_LaterAlertsWaitForTheEarlierOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            receiver.Responses.Enqueue(503);
        }
        await using var services = Services(new() { ["Alerts:MaxAttempts"] = "5" });
        var rule = await CreateRuleAsync(services, Webhook(receiver));
        await RecordAsync(services, rule, "a1", "s1");
        await RecordAsync(services, rule, "a2", "s2");

        Assert.Equal(0, await DeliverAsync(services));
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(2, await DeliverAsync(services));

        var stories = receiver.Requests.Skip(3).Select(r => AlertTestHost.Payload(r).Articles[0].Id).ToList();
        Assert.Equal(["a1", "a2"], stories);
    }

    [Fact]
    public async Task Outbox_AcrossRestart_SendsWhatWasNotSent_AndNothingTwice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using (var before = Services())
        {
            var rule = await CreateRuleAsync(before, Webhook(receiver));
            await RecordAsync(before, rule, "a1", "s1");
            await DeliverAsync(before);
            await RecordAsync(before, rule, "a2", "s2");
            // the process stops here, before the second alert went out
        }
        Assert.Single(receiver.Requests);

        await using var after = Services();
        var again = (await after.GetRequiredService<AlertRuleStore>().GetAsync("summits", None))!;
        Assert.Equal(0, await RecordAsync(after, again, "a1", "s1"));
        Assert.Equal(1, await DeliverAsync(after));
        Assert.Equal(0, await DeliverAsync(after));

        Assert.Equal(["a1", "a2"], receiver.Requests.Select(r => AlertTestHost.Payload(r).Articles[0].Id));
    }

    [Fact]
    public async Task Slack_PostsIncomingWebhookMessage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = Services();
        var rule = await CreateRuleAsync(services, $$"""[{"type":"slack","url":"{{receiver.Url("/services/T1/B1/x")}}"}]""");
        await RecordAsync(services, rule, "a1", "s1");

        await DeliverAsync(services);

        var message = JsonNode.Parse(Assert.Single(receiver.Requests).Text)!;
        Assert.StartsWith("Summits: new story:", message["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("section", message["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("mrkdwn", message["blocks"]![0]!["text"]!["type"]!.GetValue<string>());
        Assert.False(receiver.Requests.Single().Headers.ContainsKey(WebhookSender.SignatureHeader));
    }

    [Fact]
    public async Task NdjsonAndLog_AppendOneLinePerAlert()
    {
        await using var services = Services();
        var rule = await CreateRuleAsync(services, """[{"type":"log"},{"type":"ndjson","path":"alerts/summits.ndjson"}]""");
        await RecordAsync(services, rule, "a1", "s1");
        await RecordAsync(services, rule, "a2", "s2");

        Assert.Equal(4, await DeliverAsync(services));

        var lines = await File.ReadAllLinesAsync(Path.Combine(_temp.Combine("data"), "alerts", "summits.ndjson"));
        Assert.Equal(["a1", "a2"], lines.Select(l => JsonSerializer.Deserialize<AlertPayload>(l, IngestorJson.Compact)!.Articles[0].Id));
    }

    [Fact]
    public async Task Webhook_SecretGone_DeadLetteredSayingWhich()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        AlertRule rule;
        await using (var services = Services())
        {
            rule = await CreateRuleAsync(services, Webhook(receiver));
            await RecordAsync(services, rule, "a1", "s1");
        }
        await using var without = Services(new() { ["Alerts:Secrets:test"] = null });

        await DeliverAsync(without);

        Assert.Empty(receiver.Requests);
        var entry = Assert.Single(await without.GetRequiredService<AlertOutbox>().HistoryAsync("summits", 10, None));
        Assert.Contains("Alerts:Secrets:test is not configured", entry.Deliveries[0].LastError, StringComparison.Ordinal);
    }
}
