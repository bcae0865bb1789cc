using System.Text.Json.Serialization;

namespace Ingestor.Articles;

/// <summary>Where an article's published time came from, so users can judge how far to trust it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PublishedSource>))]
public enum PublishedSource
{
    [JsonStringEnumMemberName("json")] Json,
    [JsonStringEnumMemberName("html-meta")] HtmlMeta,
    [JsonStringEnumMemberName("feed")] Feed,
    [JsonStringEnumMemberName("file-mtime")] FileMtime,
}
