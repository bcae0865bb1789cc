using System.Globalization;
using System.Net;
using System.Text;

namespace Ingestor.Tests.Collect.Feeds;

/// <summary>Feeds and pages written for the poller tests.</summary>
internal static class TestFeeds
{
    public sealed record Item(string Guid, string Title, string Link, string Summary, string? Content = null);

    public static string Rss(string title, params Item[] items)
    {
        var xml = new StringBuilder()
            .Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title><link>http://news.test/</link>\n");
        var day = 1;
        foreach (var item in items)
        {
            xml.Append("<item><guid isPermaLink=\"false\">").Append(WebUtility.HtmlEncode(item.Guid)).Append("</guid>")
                .Append("<title>").Append(WebUtility.HtmlEncode(item.Title)).Append("</title>")
                .Append("<link>").Append(WebUtility.HtmlEncode(item.Link)).Append("</link>")
                .Append(CultureInfo.InvariantCulture, $"<pubDate>Mon, {day++:00} Jun 2026 08:00:00 GMT</pubDate>")
                .Append("<description>").Append(WebUtility.HtmlEncode(item.Summary)).Append("</description>");
            if (item.Content is not null)
            {
                xml.Append("<content:encoded><![CDATA[").Append(item.Content).Append("]]></content:encoded>");
            }
            xml.Append("</item>\n");
        }
        return xml.Append("</channel></rss>\n").ToString();
    }

    /// <summary>A feed of <paramref name="count"/> items with full content (no page fetch needed).</summary>
    public static string WithContent(string prefix, int count, string linkBase = "http://news.test/") =>
        Rss(prefix + " desk", [.. Enumerable.Range(1, count).Select(i => new Item($"{prefix}-{i}", $"{prefix} story number {i} about the harbour",
            $"{linkBase}{prefix}/{i}", $"Short summary {i}.", LongText($"{prefix} story {i}")))]);

    /// <summary>Several paragraphs of plain prose, well over the full-text threshold.</summary>
    public static string LongText(string topic)
    {
        var text = new StringBuilder();
        for (var p = 1; p <= 5; p++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"<p>Paragraph {p} of {topic}. The harbour authority said on Tuesday that the new ferry timetable would begin next month, ")
                .Append("after a long consultation with residents, traders and the fishing cooperative. Officials expect fewer delays ")
                .Append("during the summer season and promised to publish monthly punctuality figures for every route.</p>");
        }
        return text.ToString();
    }

    public static string ArticlePage(string headline, string marker) => $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{headline} | Test News</title>
        <meta property="og:title" content="{headline}"></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>{headline}</h1>
        <p>{marker} The council voted on Wednesday evening to extend the tram line across the river, ending a debate that had lasted almost three years and divided the city.</p>
        <p>Supporters said the extension would cut journey times for thousands of commuters who now rely on crowded buses, while opponents warned about the cost and years of roadworks.</p>
        <p>Construction is expected to start next spring. The city will publish the detailed route and a timetable for public meetings in the coming weeks, the mayor's office said.</p>
        <p>Local businesses along the planned route asked for compensation during the works, and the council agreed to set up a fund to help shops that lose trade.</p>
        </article><footer>Copyright Test News</footer></body></html>
        """;
}
