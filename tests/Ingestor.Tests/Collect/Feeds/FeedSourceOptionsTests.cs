using Ingestor.Collect.Feeds;
using Ingestor.Collect.Http;
using Ingestor.Configuration;
using Ingestor.Host.Cli;
using Microsoft.Extensions.Configuration;

namespace Ingestor.Tests.Collect.Feeds;

public sealed class FeedSourceOptionsTests
{
    private static List<string> Failures(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var result = new FeedSourceOptionsValidator().Validate(null, FeedServiceCollectionExtensions.Bind(configuration));
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Validate_ShippedSources_AreValidAndAllDisabled()
    {
        var configuration = new ConfigurationBuilder().AddYamlFile(Path.Combine(TestFiles.ConfigDirectory, "sources.yaml"), optional: false).Build();
        var options = FeedServiceCollectionExtensions.Bind(configuration);

        Assert.False(new FeedSourceOptionsValidator().Validate(null, options).Failed);
        Assert.True(options.Sources.Count >= 3);
        Assert.All(options.Sources, s => Assert.False(s.Enabled));
        Assert.Contains(options.Sources, s => s.FullText);
        Assert.False(new FetchOptionsValidator().Validate(null, configuration.GetSection(FetchOptions.Section).Get<FetchOptions>()!).Failed);
    }

    [Fact]
    public void Validate_BadEntries_NameEachKey()
    {
        var failures = Failures(new()
        {
            ["sources:0:name"] = "a",
            ["sources:0:url"] = "ftp://example.org/feed",
            ["sources:1:name"] = "b",
            ["sources:1:url"] = "https://example.org/feed",
            ["sources:1:interval"] = "often",
            ["sources:2:name"] = "B",
            ["sources:2:url"] = "https://example.org/feed",
            ["sources:2:cron"] = "every day",
            ["sources:2:max_items"] = "0",
            ["sources:3:url"] = "https://example.org/feed",
        });

        Assert.Contains(failures, f => f.StartsWith("sources:0:url", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("sources:1:interval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("sources:2:name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("sources:2:cron", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("sources:2:max_items", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("sources:3:name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("00:10:00", 600)]
    public void TryParseInterval_ShortAndLongForms(string text, int seconds)
    {
        Assert.True(FeedSourceOptions.TryParseInterval(text, out var interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Fact]
    public void CheckConfig_BadSourceAndFetchKeys_AreReportedWithTheirKeys()
    {
        using var folder = new TempFolder();
        var config = folder.Combine("config");
        Directory.CreateDirectory(config);
        File.Copy(Path.Combine(TestFiles.ConfigDirectory, "ingestor.yaml"), Path.Combine(config, "ingestor.yaml"));
        File.WriteAllText(Path.Combine(config, "sources.yaml"), """
            Fetch:
              AllowedNetworks: [ "not-an-ip" ]
            sources:
              - name: broken
                url: "gopher://old.example.org/"
            """);

        var problems = CheckConfigCommand.Check(new IngestorPaths(folder.Combine("data"), config)).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("sources:0:url", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Fetch:AllowedNetworks:0", StringComparison.Ordinal));
    }
}
