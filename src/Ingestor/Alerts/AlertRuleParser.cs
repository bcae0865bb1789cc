using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ingestor.Index;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ingestor.Alerts;

/// <summary>
/// Reads alert rules from their JSON (API) or YAML (config/alerts) form, with one message per
/// problem naming its field (<c>destinations[0].url: …</c>), and writes them back.
/// </summary>
public static partial class AlertRuleParser
{
    public const int MaxDestinations = 10;
    public const int MaxFilterValues = 50;

    private static readonly string[] Fields = ["id", "name", "query", "filters", "mode", "modes", "min_new_sources", "throttle", "destinations", "enabled"];
    private static readonly string[] FilterFields = ["person", "organization", "location", "source", "language"];
    private static readonly string[] DestinationFields = ["type", "url", "path", "secret_env", "secret"];

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariablePattern();

    /// <summary>Validates a rule's JSON form.</summary>
    /// <param name="fallbackId">The id when the document has none (a config file's name).</param>
    /// <param name="resolveSecret">Whether a webhook's secret reference resolves; null skips the check.</param>
    /// <exception cref="AlertRuleException">Every problem found, each naming its field.</exception>
    public static AlertRule Parse(JsonElement document, string? fallbackId, AlertRuleOrigin origin, string? file = null, Func<AlertDestination, string?>? resolveSecret = null)
    {
        var errors = new List<string>();
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new AlertRuleException(["rule: must be an object with id, name, query, modes and destinations"]);
        }
        foreach (var property in document.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
            {
                errors.Add($"{property.Name}: unknown field (expected one of {string.Join(", ", Fields)})");
            }
        }

        var id = String(document, "id", errors) ?? fallbackId;
        if (id is null)
        {
            errors.Add("id: required");
        }
        else if (!IdPattern().IsMatch(id))
        {
            errors.Add($"id: '{id}' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        var name = String(document, "name", errors)?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            name = id ?? "";
            if (name.Length == 0)
            {
                errors.Add("name: required");
            }
        }
        else if (name.Length > 200)
        {
            errors.Add("name: at most 200 characters");
        }

        var query = String(document, "query", errors)?.Trim();
        QueryNode? parsed = null;
        if (!string.IsNullOrEmpty(query))
        {
            try
            {
                parsed = QuerySyntax.Parse(query);
            }
            catch (QuerySyntaxException ex)
            {
                errors.Add("query: " + ex.Message);
            }
        }
        else
        {
            query = null;
        }

        var filters = Filters(document, errors);
        if (query is null && filters.Count == 0)
        {
            errors.Add("query: a rule needs a query or at least one filter");
        }

        var modes = Modes(document, errors);
        var minNewSources = 1;
        if (document.TryGetProperty("min_new_sources", out var min) && min.ValueKind != JsonValueKind.Null)
        {
            if (min.ValueKind != JsonValueKind.Number || !min.TryGetInt32(out minNewSources) || minNewSources is < 1 or > 1000)
            {
                errors.Add("min_new_sources: must be a whole number from 1 to 1000");
                minNewSources = 1;
            }
        }
        var throttle = TimeSpan.Zero;
        if (document.TryGetProperty("throttle", out var throttleElement) && throttleElement.ValueKind != JsonValueKind.Null)
        {
            if (!TryDuration(throttleElement, out throttle) || throttle < TimeSpan.Zero || throttle > TimeSpan.FromDays(30))
            {
                errors.Add("throttle: must be a duration such as '30s', '15m', '2h' or '00:15:00', at most 30 days");
            }
        }
        var enabled = true;
        if (document.TryGetProperty("enabled", out var enabledElement) && enabledElement.ValueKind != JsonValueKind.Null)
        {
            if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add("enabled: must be true or false");
            }
            else
            {
                enabled = enabledElement.GetBoolean();
            }
        }
        var destinations = Destinations(document, errors, resolveSecret);

        if (errors.Count > 0)
        {
            throw new AlertRuleException(errors);
        }
        return new AlertRule
        {
            Id = id!,
            Name = name,
            Query = query,
            ParsedQuery = parsed,
            Filters = filters,
            Modes = modes,
            MinNewSources = minNewSources,
            Throttle = throttle,
            Destinations = destinations,
            Enabled = enabled,
            Origin = origin,
            File = file,
        };
    }

    /// <summary>Validates a rule file's YAML.</summary>
    /// <exception cref="AlertRuleException">The YAML is malformed or the rule does not validate.</exception>
    public static AlertRule ParseYaml(string yaml, string fallbackId, string file, Func<AlertDestination, string?>? resolveSecret = null)
    {
        JsonNode? node;
        try
        {
            node = YamlToJson(yaml);
        }
        catch (YamlException ex)
        {
            throw new AlertRuleException([$"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"]);
        }
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return Parse(document.RootElement, fallbackId, AlertRuleOrigin.Config, file, resolveSecret);
    }

    /// <summary>The rule's JSON form (what the API returns and the state database stores).</summary>
    public static JsonObject ToJson(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var filters = new JsonObject();
        foreach (var field in FilterFields)
        {
            var values = rule.Filters.TryGetValue(FieldOf(field), out var v) ? v : [];
            filters[field] = new JsonArray(values.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());
        }
        return new JsonObject
        {
            ["id"] = rule.Id,
            ["name"] = rule.Name,
            ["query"] = rule.Query,
            ["filters"] = filters,
            ["modes"] = new JsonArray(rule.Modes.Select(m => (JsonNode?)JsonValue.Create(ModeName(m))).ToArray()),
            ["min_new_sources"] = rule.MinNewSources,
            ["throttle"] = FormatDuration(rule.Throttle),
            ["enabled"] = rule.Enabled,
            ["destinations"] = new JsonArray(rule.Destinations.Select(d => (JsonNode?)DestinationJson(d)).ToArray()),
        };
    }

    private static JsonObject DestinationJson(AlertDestination destination)
    {
        var json = new JsonObject { ["type"] = destination.Type.ToString().ToLowerInvariant() };
        if (destination.Url is not null)
        {
            json["url"] = destination.Url;
        }
        if (destination.Path is not null)
        {
            json["path"] = destination.Path;
        }
        if (destination.SecretEnv is not null)
        {
            json["secret_env"] = destination.SecretEnv;
        }
        if (destination.Secret is not null)
        {
            json["secret"] = destination.Secret;
        }
        return json;
    }

    public static string ModeName(AlertMode mode) => mode switch
    {
        AlertMode.EveryArticle => "every_article",
        AlertMode.NewStory => "new_story",
        _ => "story_update",
    };

    public static string FormatDuration(TimeSpan value) =>
        value == TimeSpan.Zero ? "0s"
        : value.TotalSeconds % 3600 == 0 ? (value.TotalSeconds / 3600).ToString(CultureInfo.InvariantCulture) + "h"
        : value.TotalSeconds % 60 == 0 ? (value.TotalSeconds / 60).ToString(CultureInfo.InvariantCulture) + "m"
        : value.TotalMilliseconds % 1000 == 0 ? value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"
        : value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    private static FacetField FieldOf(string name) => name switch
    {
        "person" => FacetField.Person,
        "organization" => FacetField.Organization,
        "location" => FacetField.Location,
        "source" => FacetField.Source,
        _ => FacetField.Language,
    };

    private static string? String(JsonElement document, string field, List<string> errors)
    {
        if (!document.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{field}: must be a string");
            return null;
        }
        return value.GetString();
    }

    private static Dictionary<FacetField, IReadOnlyList<string>> Filters(JsonElement document, List<string> errors)
    {
        var filters = new Dictionary<FacetField, IReadOnlyList<string>>();
        if (!document.TryGetProperty("filters", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return filters;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("filters: must be an object with person, organization, location, source or language lists");
            return filters;
        }
        foreach (var property in element.EnumerateObject())
        {
            var field = "filters." + property.Name;
            if (!FilterFields.Contains(property.Name))
            {
                errors.Add($"{field}: unknown filter (expected one of {string.Join(", ", FilterFields)})");
                continue;
            }
            var values = new List<string>();
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                values.Add(property.Value.GetString()!);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        errors.Add($"{field}: every value must be a string");
                        break;
                    }
                    values.Add(item.GetString()!);
                }
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                errors.Add($"{field}: must be a list of strings");
                continue;
            }
            var cleaned = values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (cleaned.Count > MaxFilterValues)
            {
                errors.Add($"{field}: at most {MaxFilterValues} values");
            }
            else if (cleaned.Exists(v => v.Length > 300))
            {
                errors.Add($"{field}: a value is longer than 300 characters");
            }
            else if (cleaned.Count > 0)
            {
                filters[FieldOf(property.Name)] = cleaned;
            }
        }
        return filters;
    }

    private static List<AlertMode> Modes(JsonElement document, List<string> errors)
    {
        var names = new List<(string Field, string? Value)>();
        var hasMode = document.TryGetProperty("mode", out var mode) && mode.ValueKind != JsonValueKind.Null;
        var hasModes = document.TryGetProperty("modes", out var modes) && modes.ValueKind != JsonValueKind.Null;
        if (hasMode && hasModes)
        {
            errors.Add("mode: give either mode or modes, not both");
            return [AlertMode.EveryArticle];
        }
        if (hasMode)
        {
            names.Add(("mode", mode.ValueKind == JsonValueKind.String ? mode.GetString() : null));
        }
        else if (hasModes)
        {
            if (modes.ValueKind == JsonValueKind.String)
            {
                names.Add(("modes", modes.GetString()));
            }
            else if (modes.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in modes.EnumerateArray())
                {
                    names.Add(($"modes[{i++}]", item.ValueKind == JsonValueKind.String ? item.GetString() : null));
                }
            }
            else
            {
                errors.Add("modes: must be a list of every_article, new_story, story_update");
            }
        }
        else
        {
            errors.Add("modes: required (every_article, new_story and/or story_update)");
        }
        var result = new List<AlertMode>();
        foreach (var (field, value) in names)
        {
            AlertMode? parsed = value?.Trim().ToLowerInvariant() switch
            {
                "every_article" => AlertMode.EveryArticle,
                "new_story" => AlertMode.NewStory,
                "story_update" => AlertMode.StoryUpdate,
                _ => null,
            };
            if (parsed is null)
            {
                errors.Add($"{field}: '{value}' is not a mode (every_article, new_story, story_update)");
            }
            else if (!result.Contains(parsed.Value))
            {
                result.Add(parsed.Value);
            }
        }
        if (result.Contains(AlertMode.EveryArticle) && result.Count > 1)
        {
            errors.Add("modes: every_article already alerts on each article; combine it with no other mode");
        }
        if ((hasMode || hasModes) && names.Count == 0)
        {
            errors.Add("modes: at least one mode is required");
        }
        return result;
    }

    private static List<AlertDestination> Destinations(JsonElement document, List<string> errors, Func<AlertDestination, string?>? resolveSecret)
    {
        var destinations = new List<AlertDestination>();
        if (!document.TryGetProperty("destinations", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors.Add("destinations: at least one destination is required (log, ndjson, webhook or slack)");
            return destinations;
        }
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            errors.Add("destinations: must be a non-empty list");
            return destinations;
        }
        if (element.GetArrayLength() > MaxDestinations)
        {
            errors.Add($"destinations: at most {MaxDestinations}");
        }
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var field = $"destinations[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{field}: must be an object with a type");
                continue;
            }
            foreach (var property in item.EnumerateObject())
            {
                if (!DestinationFields.Contains(property.Name))
                {
                    errors.Add($"{field}.{property.Name}: unknown field (expected one of {string.Join(", ", DestinationFields)})");
                }
            }
            var local = new List<string>();
            var typeName = String(item, "type", local);
            var url = String(item, "url", local);
            var path = String(item, "path", local);
            var secretEnv = String(item, "secret_env", local);
            var secret = String(item, "secret", local);
            errors.AddRange(local.Select(e => field + "." + e));
            DestinationType? type = typeName?.Trim().ToLowerInvariant() switch
            {
                "log" => DestinationType.Log,
                "ndjson" or "file" => DestinationType.Ndjson,
                "webhook" => DestinationType.Webhook,
                "slack" => DestinationType.Slack,
                _ => null,
            };
            if (type is null)
            {
                errors.Add($"{field}.type: {(typeName is null ? "required" : $"'{typeName}' is not a destination type")} (log, ndjson, webhook, slack)");
                continue;
            }
            if (type is DestinationType.Webhook or DestinationType.Slack)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"{field}.url: {(url is null ? "required" : $"'{url}' is not an absolute http(s) URL")}");
                }
                else if (!string.IsNullOrEmpty(uri.UserInfo))
                {
                    errors.Add($"{field}.url: must not carry credentials");
                }
            }
            else if (url is not null)
            {
                errors.Add($"{field}.url: only webhook and slack destinations take a url");
            }
            if (type == DestinationType.Ndjson)
            {
                path = string.IsNullOrWhiteSpace(path) ? null : path.Trim();
                if (path is null)
                {
                    errors.Add($"{field}.path: required (a file, relative to the data folder)");
                }
                else if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.EndsWith('/') || path.EndsWith('\\'))
                {
                    errors.Add($"{field}.path: '{path}' is not a file path");
                }
            }
            else if (path is not null)
            {
                errors.Add($"{field}.path: only ndjson destinations take a path");
            }
            if (type == DestinationType.Webhook)
            {
                if ((secretEnv is null) == (secret is null))
                {
                    errors.Add($"{field}.secret_env: a webhook needs its HMAC secret from exactly one of secret_env (an environment variable) or secret (a name under Alerts:Secrets)");
                }
                else if (secretEnv is not null && !VariablePattern().IsMatch(secretEnv))
                {
                    errors.Add($"{field}.secret_env: '{secretEnv}' is not an environment variable name");
                }
                else if (secret is not null && !IdPattern().IsMatch(secret.ToLowerInvariant()))
                {
                    errors.Add($"{field}.secret: '{secret}' is not a secret name (letters, digits, '-', '_')");
                }
            }
            else if (secretEnv is not null || secret is not null)
            {
                errors.Add($"{field}.secret_env: only webhook destinations are signed");
            }
            var destination = new AlertDestination { Type = type.Value, Url = url, Path = path, SecretEnv = secretEnv, Secret = secret };
            if (type == DestinationType.Webhook && resolveSecret is not null && (secretEnv is null) != (secret is null) && string.IsNullOrEmpty(resolveSecret(destination)))
            {
                errors.Add(secretEnv is not null
                    ? $"{field}.secret_env: the environment variable {secretEnv} is not set"
                    : $"{field}.secret: Alerts:Secrets:{secret} is not configured");
            }
            destinations.Add(destination);
        }
        return destinations;
    }

    private static bool TryDuration(JsonElement element, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var seconds) && seconds >= 0 && seconds < 1e7)
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var text = element.GetString()!;
        var match = DurationPattern().Match(text);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            value = match.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>YAML to JSON: plain scalars become numbers, booleans or null where they read as such.</summary>
    internal static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[((YamlScalarNode)key).Value ?? ""] = Convert(value);
                }
                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(Convert).ToArray());
            case YamlScalarNode scalar:
                var text = scalar.Value;
                if (scalar.Style != ScalarStyle.Plain)
                {
                    return JsonValue.Create(text);
                }
                if (text is null or "" or "~" or "null")
                {
                    return null;
                }
                if (text is "true" or "false")
                {
                    return JsonValue.Create(text == "true");
                }
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    return JsonValue.Create(integer);
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                {
                    return JsonValue.Create(real);
                }
                return JsonValue.Create(text);
            default:
                return null;
        }
    }
}
