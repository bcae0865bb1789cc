using System.Text;
using Ingestor.Collect.Feeds;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>Loads the feed fixtures under Fixtures/feeds and parses inline documents.</summary>
internal static class FeedFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "feeds", name);

    public static FeedDocument Parse(string name, string? documentUrl = null, string? contentType = null) =>
        FeedParser.Parse(File.ReadAllBytes(PathOf(name)), documentUrl is null ? null : new Uri(documentUrl), contentType);

    public static FeedDocument ParseXml(string xml, string? documentUrl = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), documentUrl is null ? null : new Uri(documentUrl));
}
