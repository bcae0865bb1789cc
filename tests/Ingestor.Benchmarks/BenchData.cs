using System.Text;
using Ingestor.Articles;
using Ingestor.Enrich.Entities;
using Ingestor.Host.Bench;
using Ingestor.Normalize;

namespace Ingestor.Benchmarks;

/// <summary>Inputs shared by the stage benchmarks: the seeded corpus, the entity stack, sample HTML pages.</summary>
public static class BenchData
{
    public const int Seed = 42;

    /// <summary>HTML pages of typical news size (100–500 KB) from here when present; never copied into the repository.</summary>
    public const string SharedHtmlFolder = "/work/shared/extract-dev/html";

    public static IReadOnlyList<CorpusArticle> Corpus(int count)
    {
        var corpus = new NewsCorpus(Seed);
        return Enumerable.Range(0, count).Select(corpus.Article).ToList();
    }

    public static RawDocument Raw(CorpusArticle article) => new()
    {
        Origin = article.FileName,
        Format = DocumentFormat.Text,
        Content = Encoding.UTF8.GetBytes(article.Text),
        Source = article.Source,
        Modified = article.Published,
    };

    /// <summary>Normalized and enriched articles, as the index receives them.</summary>
    public static List<Article> Articles(int count, int firstNumber = 0)
    {
        var enricher = Enricher();
        var corpus = new NewsCorpus(Seed);
        return Enumerable.Range(firstNumber, count)
            .SelectMany(n => DocumentNormalizer.Normalize(Raw(corpus.Article(n))).Articles)
            .Select(enricher.Enrich)
            .ToList();
    }

    public static EntityEnricher Enricher() =>
        new(new EntityRecognizer(new GazetteerMatcher(Gazetteer.LoadDirectory(EntitiesDirectory()))), NerTagger.CreateDefault());

    /// <summary>The repository's config/entities, found from wherever BenchmarkDotNet runs the build.</summary>
    private static string EntitiesDirectory()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "config", "entities");
                if (File.Exists(Path.Combine(dir.FullName, "Ingestor.sln")) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return Path.Combine(Environment.CurrentDirectory, "config", "entities");
    }

    /// <summary>Shared pages between 100 and 500 KB when the folder exists, else generated ones of that size.</summary>
    public static IReadOnlyList<(string Name, byte[] Html)> HtmlPages()
    {
        if (Directory.Exists(SharedHtmlFolder))
        {
            var pages = Directory.EnumerateFiles(SharedHtmlFolder, "*.html")
                .Select(f => new FileInfo(f))
                .Where(f => f.Length is >= 100_000 and <= 500_000)
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => (f.Name, File.ReadAllBytes(f.FullName)))
                .ToList();
            if (pages.Count > 0)
            {
                return pages;
            }
        }
        return Corpus(20).Select(a => (a.FileName, Encoding.UTF8.GetBytes(GeneratedPage(a)))).ToList();
    }

    /// <summary>A news page as sites serve them: the article inside navigation, scripts, styles, related links and a footer (~200 KB).</summary>
    public static string GeneratedPage(CorpusArticle article)
    {
        var html = new StringBuilder(220_000);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(article.Title).Append(" | Daily Herald</title>");
        html.Append("<meta property=\"og:title\" content=\"").Append(article.Title).Append("\">");
        html.Append("<meta property=\"article:published_time\" content=\"").Append(article.Published.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append("\">");
        html.Append("<style>");
        for (var i = 0; i < 400; i++)
        {
            html.Append(".c").Append(i).Append("{margin:0 auto;padding:4px 8px;font:14px/1.4 Georgia,serif;color:#222}");
        }
        html.Append("</style><script>");
        for (var i = 0; i < 600; i++)
        {
            html.Append("window.__cfg").Append(i).Append("={a:").Append(i).Append(",b:'tracking-").Append(i).Append("',c:[1,2,3]};");
        }
        html.Append("</script></head><body><header><nav><ul>");
        for (var i = 0; i < 120; i++)
        {
            html.Append("<li class=\"c").Append(i).Append("\"><a href=\"/section/").Append(i).Append("\">Section ").Append(i).Append("</a></li>");
        }
        html.Append("</ul></nav></header><main><article><h1>").Append(article.Title).Append("</h1><p class=\"byline\">By Anna Kowalski</p>");
        foreach (var paragraph in article.Text.Split("\n\n").Skip(1))
        {
            html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }
        html.Append("</article><aside><h2>Related</h2><ul>");
        for (var i = 0; i < 300; i++)
        {
            html.Append("<li><a href=\"/news/").Append(i).Append("\"><img src=\"/img/").Append(i).Append(".jpg\" alt=\"\">Related story number ").Append(i).Append(" about the week's events</a></li>");
        }
        html.Append("</ul></aside></main><footer>");
        for (var i = 0; i < 200; i++)
        {
            html.Append("<div class=\"c").Append(i).Append("\"><a href=\"/legal/").Append(i).Append("\">Legal notice ").Append(i).Append("</a> Copyright Daily Herald Media Group.</div>");
        }
        html.Append("</footer></body></html>");
        return html.ToString();
    }
}
