using System.Text.Json;
using Ingestor.Alerts;
using Ingestor.Articles;
using Ingestor.Enrich.Stories;
using Ingestor.Host.Api;
using Ingestor.Pipeline;
using Ingestor.Tests.Host;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Alerts;

/// <summary>Helpers for the end-to-end alert tests over the real host.</summary>
internal static class AlertTestHost
{
    public const string ShippedRule = "miami-summit.yaml";
    public const string WebhookSecretVariable = "INGESTOR_ALERTS_WEBHOOK_SECRET";

    public static string ShippedRulePath => Path.Combine(TestFiles.ConfigDirectory, "alerts", ShippedRule);

    /// <summary>The shipped rule file with its commented webhook example switched on and pointed at <paramref name="url"/>.</summary>
    public static string WithWebhook(string yaml, Uri url)
    {
        var lines = yaml.Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimStart().StartsWith("# - type: webhook", StringComparison.Ordinal));
        Assert.True(start >= 0, "the shipped rule has a commented webhook example");
        // The example is "# - type: webhook" and its indented "#   key: value" lines.
        for (var i = start; i < lines.Count && (i == start || lines[i].TrimStart().StartsWith("#   ", StringComparison.Ordinal)); i++)
        {
            var text = lines[i];
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            lines[i] = text[..hash] + text[(hash + 2)..];
        }
        var uncommented = string.Join('\n', lines);
        return uncommented.Replace("https://hooks.example.com/ingestor", url.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Drops a file into a folder the way writers do: write a hidden temp file, then rename.</summary>
    public static async Task DropAsync(string folder, string sourceFile, string? name = null)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name ?? Path.GetFileName(sourceFile));
        var temp = Path.Combine(folder, "." + Path.GetFileName(target) + ".tmp");
        await File.WriteAllBytesAsync(temp, await File.ReadAllBytesAsync(sourceFile));
        File.Move(temp, target, overwrite: true);
    }

    /// <summary>Waits until the journal is empty: every accepted article indexed and seen by the alert evaluator.</summary>
    public static async Task<bool> SettledAsync(IngestorApp app, Func<Task<bool>>? also = null, TimeSpan? timeout = null) =>
        await IngestorApp.EventuallyAsync(async () =>
            (also is null || await also()) &&
            await app.Services.GetRequiredService<ArticleJournal>().CountAsync(CancellationToken.None) == 0 &&
            await app.Services.GetRequiredService<AlertOutbox>().NextDueAsync(CancellationToken.None) is null, timeout);

    public static async Task<IReadOnlyList<StorySummary>> StoriesAsync(IngestorApp app) =>
        (await app.GetJsonAsync<StoryList>("/api/stories")).Stories;

    public static AlertPayload Payload(ReceivedRequest request) =>
        JsonSerializer.Deserialize<AlertPayload>(request.Body, IngestorJson.Compact)!;
}
