using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ingestor.Alerts;
using Ingestor.Host.Api;
using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor alerts list|history`: the alert rules and what they sent.</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var command = new Command("alerts", "Alert rules and their history.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(History());
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print exactly the JSON of GET /api/alerts." };
        var command = new Command("list", "List the alert rules (config ones are read-only through the API).") { json };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var rules = await services.Get<AlertRuleStore>().GetRulesAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(new JsonObject { ["rules"] = new JsonArray(rules.Select(r => (JsonNode?)AlertsApi.View(r)).ToArray()) }, indented: false, cancellationToken);
                return 0;
            }
            var table = new Table().AddColumns("id", "name", "query", "modes", "destinations", "origin");
            foreach (var rule in rules)
            {
                table.AddRow(rule.Id, Markup.Escape(rule.Name), Markup.Escape(rule.Query ?? ""), string.Join(", ", rule.Modes.Select(AlertRuleParser.ModeName)),
                    Markup.Escape(string.Join(", ", rule.Destinations.Select(d => d.Describe()))), rule.Origin == AlertRuleOrigin.Config ? rule.File ?? "config" : "api");
            }
            CliConsole.Out.Write(table);
            return 0;
        });
    }

    private static Command History()
    {
        var rule = new Option<string?>("--rule") { Description = "Only this rule's alerts (--json then prints GET /api/alerts/{id}/history)." };
        var limit = new Option<int?>("--limit") { Description = $"Most alerts shown (default {AlertsApi.DefaultHistory}, at most {AlertsApi.MaxHistory})." };
        var json = new Option<bool>("--json") { Description = "Print JSON: the API's shape for one rule, {\"alerts\":[…]} for all." };
        var command = new Command("history", "The alerts sent (or pending, failed, throttled), newest first.") { rule, limit, json };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var max = parseResult.GetValue(limit) ?? AlertsApi.DefaultHistory;
            if (max is < 1 or > AlertsApi.MaxHistory)
            {
                throw new CliException($"--limit must be between 1 and {AlertsApi.MaxHistory} (was {max}).");
            }
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var ruleId = parseResult.GetValue(rule);
            if (ruleId is not null && await services.Get<AlertRuleStore>().GetAsync(ruleId, cancellationToken) is null
                && (await services.Get<AlertOutbox>().HistoryAsync(ruleId, 1, cancellationToken)).Count == 0)
            {
                throw new CliException($"No alert rule with id '{ruleId}'.");
            }
            var alerts = await services.Get<AlertOutbox>().HistoryAsync(ruleId, max, cancellationToken);
            if (parseResult.GetValue(json))
            {
                if (ruleId is not null)
                {
                    await CliOutput.WriteJsonAsync(new AlertHistory(ruleId, alerts), indented: false, cancellationToken);
                }
                else
                {
                    await CliOutput.WriteJsonAsync(new { Alerts = alerts }, indented: false, cancellationToken);
                }
                return 0;
            }
            if (alerts.Count == 0)
            {
                CliConsole.Out.MarkupLine("[yellow]No alerts.[/]");
                return 0;
            }
            var table = new Table().AddColumns("when", "rule", "kind", "status", "title", "deliveries");
            foreach (var alert in alerts)
            {
                table.AddRow(alert.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), alert.RuleId, alert.Kind, alert.Status, Markup.Escape(alert.Title),
                    Markup.Escape(string.Join(", ", alert.Deliveries.Select(d => $"{d.Destination} {d.Status}" + (d.LastError is null ? "" : $" ({d.LastError})")))));
            }
            CliConsole.Out.Write(table);
            return 0;
        });
    }
}
