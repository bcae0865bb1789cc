using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ingestor.Host.Api;

/// <summary>Alert rules (config ones read-only) and each rule's alert history.</summary>
internal static class AlertsApi
{
    public const int DefaultHistory = 50;
    public const int MaxHistory = 1000;

    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", ListAsync).WithName("ListAlertRules").WithSummary("Every alert rule, from the configuration and the API.");
        api.MapGet("/alerts/{id}", GetAsync).WithName("GetAlertRule").WithSummary("One alert rule.");
        api.MapPost("/alerts", CreateAsync).WithName("CreateAlertRule").WithSummary("Creates a rule; 400 names each invalid field.");
        api.MapPut("/alerts/{id}", UpdateAsync).WithName("ReplaceAlertRule").WithSummary("Replaces a rule created through the API.");
        api.MapDelete("/alerts/{id}", DeleteAsync).WithName("DeleteAlertRule").WithSummary("Deletes a rule created through the API (its history stays).");
        api.MapGet("/alerts/{id}/history", HistoryAsync).WithName("AlertHistory").WithSummary("A rule's alerts, newest first, with each destination's delivery.");
        return api;
    }

    /// <summary>A rule as the API shows it: its JSON form plus where it comes from.</summary>
    public static JsonObject View(AlertRule rule)
    {
        var json = AlertRuleParser.ToJson(rule);
        json["origin"] = rule.Origin == AlertRuleOrigin.Config ? "config" : "api";
        json["read_only"] = rule.Origin == AlertRuleOrigin.Config;
        json["file"] = rule.File;
        return json;
    }

    private static async Task<Ok<JsonObject>> ListAsync(AlertRuleStore rules, CancellationToken cancellationToken) =>
        TypedResults.Ok(new JsonObject { ["rules"] = new JsonArray((await rules.GetRulesAsync(cancellationToken)).Select(r => (JsonNode?)View(r)).ToArray()) });

    private static async Task<Results<Ok<JsonObject>, NotFound<ApiError>>> GetAsync(string id, AlertRuleStore rules, CancellationToken cancellationToken) =>
        await rules.GetAsync(id, cancellationToken) is { } rule ? TypedResults.Ok(View(rule)) : TypedResults.NotFound(NoRule(id));

    private static async Task<Results<Created<JsonObject>, BadRequest<ApiError>, Conflict<ApiError>>> CreateAsync(HttpRequest request, AlertRuleStore rules, CancellationToken cancellationToken)
    {
        using var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.BadRequest(new ApiError("body: must be a JSON alert rule"));
        }
        try
        {
            var rule = await rules.CreateAsync(body.RootElement, cancellationToken);
            return TypedResults.Created($"/api/alerts/{rule.Id}", View(rule));
        }
        catch (AlertRuleException ex)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
        catch (AlertRuleConflictException ex)
        {
            return TypedResults.Conflict(new ApiError(ex.Message));
        }
    }

    private static async Task<Results<Ok<JsonObject>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> UpdateAsync(
        string id, HttpRequest request, AlertRuleStore rules, CancellationToken cancellationToken)
    {
        using var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.BadRequest(new ApiError("body: must be a JSON alert rule"));
        }
        try
        {
            var rule = await rules.UpdateAsync(id, body.RootElement, cancellationToken);
            return rule is null ? TypedResults.NotFound(NoRule(id)) : TypedResults.Ok(View(rule));
        }
        catch (AlertRuleException ex)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }
        catch (AlertRuleConflictException ex)
        {
            return TypedResults.Conflict(new ApiError(ex.Message));
        }
    }

    private static async Task<Results<NoContent, NotFound<ApiError>, Conflict<ApiError>>> DeleteAsync(string id, AlertRuleStore rules, CancellationToken cancellationToken)
    {
        try
        {
            return await rules.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound(NoRule(id));
        }
        catch (AlertRuleConflictException ex)
        {
            return TypedResults.Conflict(new ApiError(ex.Message));
        }
    }

    private static async Task<Results<Ok<AlertHistory>, BadRequest<ApiError>, NotFound<ApiError>>> HistoryAsync(
        string id, [FromQuery] string? limit, AlertRuleStore rules, AlertOutbox outbox, CancellationToken cancellationToken)
    {
        var max = DefaultHistory;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxHistory))
        {
            return TypedResults.BadRequest(new ApiError($"'limit' must be between 1 and {MaxHistory} (was '{limit}')."));
        }
        var alerts = await outbox.HistoryAsync(id, max, cancellationToken);
        if (alerts.Count == 0 && await rules.GetAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound(NoRule(id));
        }
        return TypedResults.Ok(new AlertHistory(id, alerts));
    }

    private static ApiError NoRule(string id) => new($"No alert rule with id '{id}'.");

    /// <summary>The request body as JSON, or null when it is not JSON.</summary>
    private static async Task<JsonDocument?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The shape of <c>GET /api/alerts/{id}/history</c> and <c>ingestor alerts history --rule ID --json</c>.</summary>
public sealed record AlertHistory(string RuleId, IReadOnlyList<AlertHistoryEntry> Alerts);
