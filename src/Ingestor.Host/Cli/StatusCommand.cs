using System.CommandLine;
using System.Globalization;
using Ingestor.Articles;
using Ingestor.Host.Api;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor status [--json]`: sources and their health, journal depth, index size, last alert.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print exactly the JSON of GET /api/status." };
        var command = new Command("status", "Show sources with their health, the journal depth, the index document count and the last alert.") { json };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var report = await StatusReporter.ReportAsync(services.Provider, workerInProcess: false, cancellationToken);
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

    /// <summary>The report as aligned plain text: readable on a terminal and in a log alike.</summary>
    internal static string Format(StatusReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<(string Key, string Value)>
        {
            ("engine", report.Engine),
            ("index", report.Index.Documents is { } documents ? string.Create(c, $"{documents} documents") : "not answering: " + report.Index.Error),
            ("journal", string.Create(c, $"{report.Journal.Depth} waiting to be indexed (limit {report.Journal.Limit}){(report.Journal.Full ? ", FULL" : "")}")),
            ("pipeline", report.Pipeline.Status + (report.Pipeline.WorkerInProcess ? "" : " (index errors are known to the running worker: see GET /api/status)")),
            ("quarantine", report.Quarantine.Files == 0 ? "empty"
                : string.Create(c, $"{report.Quarantine.Files} file(s)") + (report.Quarantine.Last is { } note ? $"; last: {note.File}: {note.Reason}" : "")),
            ("last alert", report.LastAlert is { } alert
                ? $"{UtcDateTimeOffsetConverter.FormatUtc(alert.Fired)} {alert.RuleName} ({alert.RuleId}){(alert.Detail is null ? "" : ": " + alert.Detail)}"
                : "none"),
        };
        var width = lines.Max(l => l.Key.Length) + 2;
        var text = new System.Text.StringBuilder();
        foreach (var (key, value) in lines)
        {
            text.Append(key.PadRight(width)).Append(value).Append('\n');
        }
        text.Append("sources\n");
        if (report.Sources.Count == 0)
        {
            text.Append("  (none configured)\n");
        }
        var nameWidth = report.Sources.Select(s => s.Name.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var source in report.Sources)
        {
            var detail = new List<string> { source.Kind, source.Health };
            if (source.Waiting is { } waiting)
            {
                detail.Add(string.Create(c, $"{waiting} waiting"));
            }
            if (source.LastSuccess is { } success)
            {
                detail.Add("last ok " + UtcDateTimeOffsetConverter.FormatUtc(success));
            }
            if (source.LastFailure is { } failure)
            {
                detail.Add("last failure " + UtcDateTimeOffsetConverter.FormatUtc(failure));
            }
            detail.Add(source.Location);
            if (source.Detail is not null)
            {
                detail.Add(source.Detail);
            }
            text.Append("  ").Append(source.Name.PadRight(nameWidth)).Append(string.Join("  ", detail)).Append('\n');
        }
        if (report.Problems.Count > 0)
        {
            text.Append("problems\n");
            foreach (var problem in report.Problems)
            {
                text.Append("  - ").Append(problem).Append('\n');
            }
        }
        return text.ToString();
    }
}
