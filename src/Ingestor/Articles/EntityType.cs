using System.Text.Json.Serialization;

namespace Ingestor.Articles;

/// <summary>The four entity classes the tagger, the gazetteer and the facets share.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntityType>))]
public enum EntityType
{
    [JsonStringEnumMemberName("PERSON")] Person,
    [JsonStringEnumMemberName("ORGANIZATION")] Organization,
    [JsonStringEnumMemberName("LOCATION")] Location,
    [JsonStringEnumMemberName("MISC")] Misc,
}

public static class EntityTypes
{
    public static string ToWire(this EntityType type) => type switch
    {
        EntityType.Person => "PERSON",
        EntityType.Organization => "ORGANIZATION",
        EntityType.Location => "LOCATION",
        _ => "MISC",
    };

    /// <summary>The facet name a type is counted under in search results.</summary>
    public static string FacetName(this EntityType type) => type switch
    {
        EntityType.Person => "person",
        EntityType.Organization => "organization",
        EntityType.Location => "location",
        _ => "misc",
    };

    public static bool TryParse(string? value, out EntityType type)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "PERSON" or "PER": type = EntityType.Person; return true;
            case "ORGANIZATION" or "ORGANISATION" or "ORG": type = EntityType.Organization; return true;
            case "LOCATION" or "LOC" or "GPE" or "PLACE": type = EntityType.Location; return true;
            case "MISC": type = EntityType.Misc; return true;
            default: type = EntityType.Misc; return false;
        }
    }
}
