using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestor.Alerts.Delivery;

/// <summary>Posts a Slack incoming-webhook message (text, plus blocks naming the story and its articles).</summary>
public sealed class SlackSender(AlertHttp http) : IAlertSender
{
    public DestinationType Type => DestinationType.Slack;

    public async Task SendAsync(AlertDestination destination, AlertPayload payload, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await http.PostAsync(new Uri(destination.Url!), JsonSerializer.SerializeToUtf8Bytes(Message(payload)), new Dictionary<string, string>(), cancellationToken);
    }

    /// <summary>The message: Slack mrkdwn with the few characters it treats specially escaped.</summary>
    public static JsonObject Message(AlertPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var lines = payload.Articles.Take(5).Select(a => "• " + (a.Url is null ? Escape(a.Title) : $"<{a.Url}|{Escape(a.Title)}>") + $" ({Escape(a.Source)})");
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "*" + Escape(payload.Summary()) + "*\n" + string.Join("\n", lines) },
            },
        };
        if (payload.Story is { } story)
        {
            var entities = string.Join(", ", story.TopEntities.Take(6).Select(e => e.Name));
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = Escape($"story {story.Id} · {entities}") } },
            });
        }
        return new JsonObject { ["text"] = payload.Summary(), ["blocks"] = blocks };
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
