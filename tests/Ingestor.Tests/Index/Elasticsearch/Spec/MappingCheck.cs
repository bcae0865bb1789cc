using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestor.Tests.Index.Elasticsearch.Spec;

/// <summary>
/// Checks a document against one of our strict mappings the way Elasticsearch would index it: every field
/// must be mapped (dynamic: strict) and each value must suit its field type.
/// </summary>
internal static class MappingCheck
{
    public static IEnumerable<SpecError> Validate(JsonObject mapping, JsonElement document, Func<JsonElement, IEnumerable<SpecError>>? percolator = null)
    {
        var properties = mapping["properties"]!.AsObject();
        if (document.ValueKind != JsonValueKind.Object)
        {
            yield return new SpecError("$", "a document must be an object");
            yield break;
        }
        foreach (var field in document.EnumerateObject())
        {
            var path = "$." + field.Name;
            if (properties[field.Name] is not JsonObject definition)
            {
                yield return new SpecError(path, $"the strict mapping has no field '{field.Name}'");
                continue;
            }
            var type = definition["type"]?.GetValue<string>() ?? "object";
            foreach (var error in Check(type, definition, field.Value, path, percolator))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<SpecError> Check(string type, JsonObject definition, JsonElement value, string path,
        Func<JsonElement, IEnumerable<SpecError>>? percolator)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }
        if (value.ValueKind == JsonValueKind.Array && type is not ("object" or "percolator"))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                foreach (var error in Check(type, definition, item, $"{path}[{i++}]", percolator))
                {
                    yield return error;
                }
            }
            yield break;
        }
        switch (type)
        {
            case "text" or "keyword":
                if (value.ValueKind != JsonValueKind.String)
                {
                    yield return new SpecError(path, $"a {type} field needs a string, found {value.ValueKind}");
                }
                break;
            case "date":
                if (value.ValueKind != JsonValueKind.String ||
                    !DateTimeOffset.TryParseExact(value.GetString(), ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    yield return new SpecError(path, $"a date field needs an ISO 8601 string, found {value.GetRawText()}");
                }
                break;
            case "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _))
                {
                    yield return new SpecError(path, $"an integer field needs an integer, found {value.GetRawText()}");
                }
                break;
            case "object":
                if (definition["enabled"]?.GetValue<bool>() != false)
                {
                    yield return new SpecError(path, "only disabled objects are expected in these mappings");
                }
                break;
            case "percolator":
                if (percolator is null)
                {
                    yield return new SpecError(path, "a percolator field needs a query check");
                    yield break;
                }
                foreach (var error in percolator(value))
                {
                    yield return error with { Path = path + error.Path.TrimStart('$') };
                }
                break;
            default:
                yield return new SpecError(path, $"field type {type} is not checked here");
                break;
        }
    }
}
