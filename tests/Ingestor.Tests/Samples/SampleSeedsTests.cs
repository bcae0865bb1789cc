using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Enrich.Entities;
using Ingestor.Normalize;
using Ingestor.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestor.Tests.Samples;

/// <summary>
/// The user's own example: the five sample articles beside the repository (../shared/samples) must
/// yield what seeds.expected.json states. Skipped where the samples are not present.
/// </summary>
public sealed class SampleSeedsTests
{
    public static TheoryData<string> Articles()
    {
        var data = new TheoryData<string>();
        var expected = TestFiles.Shared("samples", "seeds.expected.json");
        if (expected is null)
        {
            data.Add("(samples absent)");
            return data;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(expected));
        foreach (var article in document.RootElement.GetProperty("articles").EnumerateObject())
        {
            data.Add(article.Name);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Articles))]
    public void Normalize_SampleArticle_YieldsExpectedEntitiesAndBoilerplate(string name)
    {
        var expectedPath = TestFiles.Shared("samples", "seeds.expected.json");
        Skip.If(expectedPath is null, "../shared/samples is not beside the repository");
        using var document = JsonDocument.Parse(File.ReadAllText(expectedPath!));
        var expected = document.RootElement.GetProperty("articles").GetProperty(name);

        var article = Enricher.Value.Enrich(Assert.Single(DocumentNormalizer.Normalize(new RawDocument
        {
            Origin = name,
            Format = DocumentFormat.Text,
            Content = File.ReadAllBytes(TestFiles.Shared("samples", "seeds", name)!),
        }).Articles));

        foreach (var (key, type) in new[] { ("PERSON", EntityType.Person), ("ORGANIZATION", EntityType.Organization), ("LOCATION", EntityType.Location) })
        {
            var found = article.EntityNames(type).ToHashSet(StringComparer.Ordinal);
            var missing = expected.GetProperty(key).EnumerateArray().Select(e => e.GetString()!).Where(e => !found.Contains(e)).ToList();
            Assert.True(missing.Count == 0, $"{name}: missing {key} {string.Join(", ", missing)}; found {string.Join(", ", found)}");
        }
        var all = article.Entities.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var absent in expected.GetProperty("absent").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.DoesNotContain(absent, all);
        }
        foreach (var removed in expected.GetProperty("boilerplate_removed").EnumerateArray().Select(e => e.GetString()!))
        {
            Assert.Contains(article.RemovedBoilerplate, r => r.Contains(removed, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(removed, article.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static readonly Lazy<EntityEnricher> Enricher = new(() =>
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIngestorCore(new ConfigurationBuilder().Build(), new IngestorPaths(Path.GetTempPath(), TestFiles.ConfigDirectory));
        return services.BuildServiceProvider().GetRequiredService<EntityEnricher>();
    });
}
