using System.Text.Json.Nodes;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>`ingestor es template` and `ingestor es apply`, run as the real executable.</summary>
public sealed class EsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingestor-es-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<ProcessOutput> RunAsync(string? yaml, IDictionary<string, string>? environment, params string[] arguments)
    {
        var config = Directory.CreateDirectory(Path.Combine(_folder, "config")).FullName;
        if (yaml is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(config, "ingestor.yaml"), yaml);
        }
        return await ProcessRunner.IngestorAsync([.. arguments, "--config", config, "--data", Path.Combine(_folder, "data")],
            environment?.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)), _folder, isolateEnvironment: true,
            timeout: TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task EsTemplate_DefaultConfiguration_PrintsTheBodiesAsApplied()
    {
        var (exitCode, stdout, stderr) = await RunAsync(null, null, "es", "template");

        Assert.True(exitCode == 0, stderr);
        var printed = JsonNode.Parse(stdout)!;
        Assert.Equal("ingestor-articles", printed["index_template_name"]!.GetValue<string>());
        Assert.Equal(["ingestor-articles-settings", "ingestor-articles-mappings"], printed["component_templates"]!.AsObject().Select(c => c.Key));
        Assert.True(JsonNode.DeepEquals(ElasticsearchTemplates.Describe(new ElasticsearchOptions()), printed));
    }

    [Fact]
    public async Task EsTemplate_PrefixInConfiguration_NamesEverythingAfterIt()
    {
        var (exitCode, stdout, stderr) = await RunAsync("Elasticsearch:\n  IndexPrefix: news\n  NumberOfReplicas: 2\n", null, "es", "template");

        Assert.True(exitCode == 0, stderr);
        var printed = JsonNode.Parse(stdout)!;
        Assert.Equal("news", printed["index_template_name"]!.GetValue<string>());
        Assert.Equal("news-*", printed["index_template"]!["index_patterns"]![0]!.GetValue<string>());
        Assert.Equal(2, printed["component_templates"]!["news-settings"]!["template"]!["settings"]!["number_of_replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task EsTemplate_InvalidConfiguration_ExitsWithTheKeys()
    {
        var (exitCode, _, stderr) = await RunAsync(null, new Dictionary<string, string>
        {
            ["INGESTOR_Elasticsearch__IndexPrefix"] = "News",
            ["INGESTOR_Elasticsearch__RefreshPolicy"] = "sometimes",
        }, "es", "template");

        Assert.Equal(2, exitCode);
        Assert.Contains("Elasticsearch:IndexPrefix", stderr, StringComparison.Ordinal);
        Assert.Contains("Elasticsearch:RefreshPolicy", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EsTemplate_Out_WritesTheSetupBodies()
    {
        var output = Path.Combine(_folder, "templates");

        var (exitCode, _, stderr) = await RunAsync(null, null, "es", "template", "--out", output);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(ElasticsearchTemplates.SetupFiles(new ElasticsearchOptions()).Keys,
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EsApply_Cluster_CreatesTemplatesIndexAliasesAndAlertsIndex()
    {
        await using var server = await FakeElasticsearch.StartAsync();

        var (exitCode, stdout, stderr) = await RunAsync(null, new Dictionary<string, string>
        {
            ["INGESTOR_Elasticsearch__Nodes__0"] = server.Url.ToString(),
            ["INGESTOR_Elasticsearch__Username"] = "elastic",
            ["INGESTOR_Elasticsearch__Password"] = "secret1",
        }, "es", "apply");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("9.1.0", JsonNode.Parse(stdout)!["version"]!.GetValue<string>());
        Assert.True(server.Cluster.Aliases["ingestor-articles-write"]["ingestor-articles-v1"]);
        Assert.Contains("ingestor-alerts", server.Cluster.Indices.Keys);
    }

    [Fact]
    public async Task EsApply_NotElasticsearch_ExitsWithTheReason()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = _ => FakeResponse.Ok(new JsonObject()) with { ProductHeader = false };

        var (exitCode, _, stderr) = await RunAsync(null, new Dictionary<string, string>
        {
            ["INGESTOR_Elasticsearch__Nodes__0"] = server.Url.ToString(),
        }, "es", "apply");

        Assert.Equal(2, exitCode);
        Assert.Contains("is not Elasticsearch", stderr, StringComparison.Ordinal);
    }
}
