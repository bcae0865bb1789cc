using System.Text.Json.Serialization;
using Ingestor.Index;

namespace Ingestor.Alerts;

/// <summary>When a rule fires.</summary>
public enum AlertMode
{
    /// <summary>Every new article that matches (copies excluded).</summary>
    EveryArticle,
    /// <summary>The first matching article of a story the rule has not reported yet.</summary>
    NewStory,
    /// <summary>A reported story has gained at least <see cref="AlertRule.MinNewSources"/> sources since the last alert.</summary>
    StoryUpdate,
}

[JsonConverter(typeof(JsonStringEnumConverter<DestinationType>))]
public enum DestinationType
{
    [JsonStringEnumMemberName("log")] Log,
    [JsonStringEnumMemberName("ndjson")] Ndjson,
    [JsonStringEnumMemberName("webhook")] Webhook,
    [JsonStringEnumMemberName("slack")] Slack,
}

/// <summary>Where a rule's alerts go. Secrets are referenced (environment variable, configuration key), never stored.</summary>
public sealed record AlertDestination
{
    public required DestinationType Type { get; init; }
    /// <summary>Webhook and Slack: the URL to POST to.</summary>
    public string? Url { get; init; }
    /// <summary>NDJSON: the file, relative to the data folder unless absolute.</summary>
    public string? Path { get; init; }
    /// <summary>Webhook: the environment variable holding the HMAC secret.</summary>
    public string? SecretEnv { get; init; }
    /// <summary>Webhook: the name of the secret under the configuration section <c>Alerts:Secrets</c>.</summary>
    public string? Secret { get; init; }

    /// <summary>How deliveries and history name this destination (no secrets).</summary>
    public string Describe() => Type switch
    {
        DestinationType.Log => "log",
        DestinationType.Ndjson => "ndjson:" + Path,
        DestinationType.Webhook => "webhook:" + Url,
        _ => "slack:" + Url,
    };
}

/// <summary>Where a rule was defined: a file in config/alerts (read-only through the API) or the API.</summary>
public enum AlertRuleOrigin
{
    Config,
    Api,
}

/// <summary>A validated alert rule: what to match, when to alert, where to send.</summary>
public sealed record AlertRule
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The query in the search syntax, as written; null with filters only.</summary>
    public string? Query { get; init; }
    /// <summary>The parsed <see cref="Query"/>.</summary>
    public QueryNode? ParsedQuery { get; init; }
    /// <summary>Facet filters as in search: within a field values are OR-ed, across fields AND-ed.</summary>
    public IReadOnlyDictionary<FacetField, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<FacetField, IReadOnlyList<string>>();
    public required IReadOnlyList<AlertMode> Modes { get; init; }
    /// <summary>Story updates: sources new since the last alert about the story needed for another.</summary>
    public int MinNewSources { get; init; } = 1;
    /// <summary>Least time between two alerts of the rule (about the same story, for story modes).</summary>
    public TimeSpan Throttle { get; init; }
    public required IReadOnlyList<AlertDestination> Destinations { get; init; }
    public bool Enabled { get; init; } = true;
    public AlertRuleOrigin Origin { get; init; } = AlertRuleOrigin.Api;
    /// <summary>For config rules, the file that defines it.</summary>
    public string? File { get; init; }

    public bool Has(AlertMode mode) => Modes.Contains(mode);

    public bool FollowsStories => Has(AlertMode.NewStory) || Has(AlertMode.StoryUpdate);

    /// <summary>The criteria as a search: what the percolator stores and what matching runs.</summary>
    public SearchRequest Criteria => new() { Query = ParsedQuery, Filters = Filters };
}

/// <summary>A rule that does not validate; <see cref="Errors"/> name the field of each problem.</summary>
public sealed class AlertRuleException(IReadOnlyList<string> errors) : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
