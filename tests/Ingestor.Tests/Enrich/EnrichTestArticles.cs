using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Enrich.Entities;
using Ingestor.Normalize;
using Ingestor.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Enrich;

/// <summary>Articles for the enrichment tests: our fixtures (and the shared samples) normalized and tagged as the pipeline does.</summary>
internal static class EnrichTestArticles
{
    public static readonly DateTimeOffset Epoch = new(2025, 12, 19, 9, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<EntityEnricher> Enricher = new(() =>
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIngestorCore(new ConfigurationBuilder().Build(), new IngestorPaths(Path.GetTempPath(), TestFiles.ConfigDirectory));
        return services.BuildServiceProvider().GetRequiredService<EntityEnricher>();
    });

    /// <summary>The fixtures written by us under Fixtures/articles, except the wrapped-lines one.</summary>
    public static IReadOnlyList<string> FixtureNames { get; } = Directory.GetFiles(TestFiles.Fixture("articles"), "*.txt")
        .Select(Path.GetFileName).OfType<string>().Where(n => n != "wrapped.txt").Order(StringComparer.Ordinal).ToList();

    public static Article FromFile(string path, string? source = null, DateTimeOffset? at = null) =>
        FromText(File.ReadAllBytes(path), Path.GetFileName(path), source, at);

    public static Article Fixture(string name, string? source = null, DateTimeOffset? at = null) =>
        FromFile(TestFiles.Fixture("articles", name), source ?? Path.GetFileNameWithoutExtension(name), at);

    public static Article FromText(byte[] content, string origin, string? source = null, DateTimeOffset? at = null)
    {
        var article = Assert.Single(DocumentNormalizer.Normalize(new RawDocument
        {
            Origin = origin,
            Format = DocumentFormat.Text,
            Content = content,
            Source = source ?? "test",
            Modified = at ?? Epoch,
        }).Articles);
        return Enricher.Value.Enrich(article) with { Ingested = at ?? Epoch };
    }

    /// <summary>The five sample articles beside the repository, or null where they are absent.</summary>
    public static IReadOnlyList<string>? SampleSeeds()
    {
        var folder = TestFiles.Shared("samples", "seeds");
        return folder is null ? null : Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<IndexedArticle> AsNew(IEnumerable<Article> articles) =>
        articles.Select(a => new IndexedArticle(a, ArticleChange.New)).ToList();
}
