using System.Globalization;

namespace Ingestor.Index;

/// <summary>A search as the API and the CLI receive it: text parameters, not yet checked.</summary>
public sealed record SearchParameters
{
    public string? Q { get; init; }
    public IReadOnlyList<string> Person { get; init; } = [];
    public IReadOnlyList<string> Organization { get; init; } = [];
    public IReadOnlyList<string> Location { get; init; } = [];
    public IReadOnlyList<string> Source { get; init; } = [];
    public IReadOnlyList<string> Language { get; init; } = [];
    public IReadOnlyList<string> Story { get; init; } = [];
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Sort { get; init; }
    public string? Page { get; init; }
    public string? Size { get; init; }
    public string? Collapse { get; init; }

    /// <summary>Checks and converts the parameters.</summary>
    /// <exception cref="SearchRequestException">A parameter is invalid; the message names it.</exception>
    /// <exception cref="QuerySyntaxException">The query text is malformed.</exception>
    public SearchRequest ToRequest()
    {
        var query = QuerySyntax.Parse(Q);
        var from = ParseDate(From, "from", endOfDay: false);
        var to = ParseDate(To, "to", endOfDay: true);
        if (from is not null && to is not null && from >= to)
        {
            throw new SearchRequestException($"'from' ({From}) must be before 'to' ({To}).");
        }
        var sort = Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" => query is null ? SearchSort.Newest : SearchSort.Relevance,
            "relevance" => SearchSort.Relevance,
            "newest" or "date" => SearchSort.Newest,
            _ => throw new SearchRequestException($"'sort' must be 'relevance' or 'newest' (was '{Sort}')."),
        };
        var page = ParseInt(Page, "page", 1, 1, SearchRequest.MaxPage);
        var size = ParseInt(Size, "size", 20, 1, SearchRequest.MaxSize);
        var collapse = Collapse?.Trim().ToLowerInvariant() switch
        {
            null or "" or "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new SearchRequestException($"'collapse' must be true or false (was '{Collapse}')."),
        };
        var filters = new Dictionary<FacetField, IReadOnlyList<string>>();
        Add(filters, FacetField.Person, Person);
        Add(filters, FacetField.Organization, Organization);
        Add(filters, FacetField.Location, Location);
        Add(filters, FacetField.Source, Source);
        Add(filters, FacetField.Language, Language);
        Add(filters, FacetField.Story, Story);
        return new SearchRequest
        {
            Query = query,
            Filters = filters,
            From = from,
            To = to,
            Sort = sort,
            Page = page,
            Size = size,
            Collapse = collapse,
        };
    }

    private static void Add(Dictionary<FacetField, IReadOnlyList<string>> filters, FacetField field, IReadOnlyList<string> values)
    {
        var cleaned = values.SelectMany(v => v.Split('|')).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (cleaned.Count > 50)
        {
            throw new SearchRequestException($"At most 50 values may be given for '{field.ToString().ToLowerInvariant()}'.");
        }
        if (cleaned.Exists(v => v.Length > 300))
        {
            throw new SearchRequestException($"A '{field.ToString().ToLowerInvariant()}' value is longer than 300 characters.");
        }
        if (cleaned.Count > 0)
        {
            filters[field] = cleaned;
        }
    }

    private static int ParseInt(string? text, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new SearchRequestException($"'{name}' must be a whole number (was '{text}').");
        }
        if (value < min || value > max)
        {
            throw new SearchRequestException($"'{name}' must be between {min} and {max} (was {value}).");
        }
        return value;
    }

    /// <summary>A date (a whole UTC day: from its start, or to its end) or an ISO 8601 instant.</summary>
    private static DateTimeOffset? ParseDate(string? text, string name, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }
        throw new SearchRequestException($"'{name}' must be a date (YYYY-MM-DD) or an ISO 8601 time (was '{text}').");
    }
}

/// <summary>A search parameter that cannot be used; the message names it, for a 400.</summary>
public sealed class SearchRequestException(string message) : Exception(message);
