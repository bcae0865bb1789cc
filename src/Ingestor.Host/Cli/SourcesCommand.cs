using System.CommandLine;
using System.Globalization;
using System.Text;
using Ingestor.Articles;
using Ingestor.Collect.Feeds;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor sources [--json]`: the configured feeds and their health, as the worker last recorded it.</summary>
internal static class SourcesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print exactly the JSON of GET /api/sources." };
        var command = new Command("sources", "List the configured feeds with their health: last success, last error, failures in a row, next poll.") { json };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var report = await services.Get<FeedHealthReader>().ReadAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(report, indented: false, cancellationToken);
            }
            else
            {
                Console.Out.Write(Format(report));
            }
            return 0;
        });
    }

    internal static string Format(SourcesReport report)
    {
        var text = new StringBuilder();
        if (report.Sources.Count == 0)
        {
            return "no feeds configured (config/sources.yaml)\n";
        }
        var width = report.Sources.Max(s => s.Name.Length) + 2;
        foreach (var feed in report.Sources)
        {
            var parts = new List<string> { feed.Health, feed.Schedule };
            if (feed.LastSuccess is { } success)
            {
                parts.Add("last ok " + UtcDateTimeOffsetConverter.FormatUtc(success));
            }
            if (feed.Enabled && feed.LastPoll is not null)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{feed.ItemsLastPoll} new last poll"));
            }
            if (feed.ConsecutiveFailures > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{feed.ConsecutiveFailures} failure(s) in a row"));
            }
            if (feed.NextPoll is { } next)
            {
                parts.Add("next " + UtcDateTimeOffsetConverter.FormatUtc(next));
            }
            text.Append(feed.Name.PadRight(width)).Append(string.Join("  ", parts)).Append('\n');
            text.Append(new string(' ', width)).Append(feed.Url).Append('\n');
            if (feed.LastError is { } error && feed.ConsecutiveFailures > 0)
            {
                text.Append(new string(' ', width)).Append("last error: ").Append(error).Append('\n');
            }
        }
        return text.ToString();
    }
}
