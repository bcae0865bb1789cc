using System.Diagnostics;
using System.Text.Json.Nodes;
using Ingestor.Articles;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>deploy/: the template bodies the setup script sends, the script itself (run against the fake servers) and the compose file.</summary>
public sealed class DeployFilesTests
{
    private static string TemplatesFolder => RepositoryPaths.Combine("deploy", "elasticsearch");

    [Fact]
    public void SetupFiles_MatchWhatTheEngineApplies()
    {
        var expected = ElasticsearchTemplates.SetupFiles(new ElasticsearchOptions());
        if (Environment.GetEnvironmentVariable("INGESTOR_UPDATE_DEPLOY") == "1")
        {
            foreach (var (name, body) in expected)
            {
                File.WriteAllText(Path.Combine(TemplatesFolder, name), body.ToJsonString(IngestorJson.Indented) + "\n");
            }
        }

        var committed = Directory.GetFiles(TemplatesFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Keys, committed);
        foreach (var (name, body) in expected)
        {
            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(TemplatesFolder, name)));
            Assert.True(JsonNode.DeepEquals(body, file),
                $"deploy/elasticsearch/{name} is stale: run `ingestor es template --out deploy/elasticsearch` (or the tests with INGESTOR_UPDATE_DEPLOY=1).");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [SkippableFact]
    public async Task SetupScript_FreshCluster_AppliesTemplatesIndicesPasswordAndSavedObjects()
    {
        var sh = RepositoryPaths.FindProgram("sh");
        Skip.If(sh is null || RepositoryPaths.FindProgram("curl") is null, "sh and curl are needed to run deploy/es-setup.sh");
        await using var server = await FakeElasticsearch.StartAsync();
        var imports = 0;
        server.Handler = r => r.Path switch
        {
            "/_security/user/kibana_system/_password" => FakeResponse.Ok(new JsonObject()),
            "/api/status" => FakeResponse.Ok(new JsonObject { ["status"] = new JsonObject { ["overall"] = new JsonObject { ["level"] = "available" } } }),
            "/api/saved_objects/_import" => Interlocked.Increment(ref imports) > 0
                ? FakeResponse.Ok(new JsonObject { ["success"] = true, ["successCount"] = 8 })
                : null,
            _ => null,
        };
        var environment = new Dictionary<string, string>
        {
            ["ES_URL"] = server.Url.ToString().TrimEnd('/'),
            ["KIBANA_URL"] = server.Url.ToString().TrimEnd('/'),
            ["ELASTIC_PASSWORD"] = "secret1",
            ["KIBANA_PASSWORD"] = "kibana1",
            ["WAIT_SECONDS"] = "10",
        };

        var (exitCode, output) = await RunAsync(sh!, [RepositoryPaths.Combine("deploy", "es-setup.sh")], environment);

        Assert.True(exitCode == 0, output);
        var cluster = server.Cluster;
        Assert.Equal(["ingestor-articles-mappings", "ingestor-articles-settings"], cluster.ComponentTemplates.Keys.Order());
        Assert.True(JsonNode.DeepEquals(ElasticsearchTemplates.IndexTemplate(new ElasticsearchOptions()), cluster.IndexTemplates["ingestor-articles"]));
        Assert.True(cluster.Aliases["ingestor-articles-write"]["ingestor-articles-v1"]);
        Assert.Contains("ingestor-alerts", cluster.Indices.Keys);
        var password = server.Requests.Single(r => r.Path == "/_security/user/kibana_system/_password");
        Assert.Equal("kibana1", password.Json!["password"]!.GetValue<string>());
        var import = server.Requests.Single(r => r.Path == "/api/saved_objects/_import");
        Assert.Equal("true", import.Query["overwrite"]);
        Assert.Equal("true", import.Header("kbn-xsrf"));
        Assert.StartsWith("multipart/form-data", import.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("\"id\":\"ingestor-news-overview\"", import.BodyText, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.StartsWith("Basic ", r.Header("Authorization"), StringComparison.Ordinal));

        server.Requests.Clear();
        var (again, againOutput) = await RunAsync(sh!, [RepositoryPaths.Combine("deploy", "es-setup.sh")], environment);

        Assert.True(again == 0, againOutput);
        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT" && (r.Path == "/ingestor-articles-v1" || r.Path == "/ingestor-alerts"));
    }

    [SkippableFact]
    public async Task SetupScript_TemplateRefused_FailsWithTheServersReason()
    {
        var sh = RepositoryPaths.FindProgram("sh");
        Skip.If(sh is null || RepositoryPaths.FindProgram("curl") is null, "sh and curl are needed to run deploy/es-setup.sh");
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = r => r.Path.StartsWith("/_index_template/", StringComparison.Ordinal)
            ? FakeResponse.Error(400, "illegal_argument_exception", "composable template [ingestor-articles] template after composition is invalid")
            : null;

        var (exitCode, output) = await RunAsync(sh!, [RepositoryPaths.Combine("deploy", "es-setup.sh")], new Dictionary<string, string>
        {
            ["ES_URL"] = server.Url.ToString().TrimEnd('/'),
            ["ELASTIC_PASSWORD"] = "secret1",
            ["SKIP_KIBANA"] = "1",
            ["WAIT_SECONDS"] = "10",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PUT /_index_template/ingestor-articles failed (HTTP 400)", output, StringComparison.Ordinal);
        Assert.Contains("template after composition is invalid", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ComposeFile_ElasticsearchProfile_IsValidWithStartOrder()
    {
        var compose = RepositoryPaths.FindProgram("docker-compose");
        Skip.If(compose is null, "docker-compose is not installed (apt-get install docker-compose) to validate the compose file offline");

        var (exitCode, output) = await RunAsync(compose!, ["-f", RepositoryPaths.Combine("docker-compose.yml"), "--profile", "elasticsearch", "config"],
            new Dictionary<string, string>
            {
                ["INGESTOR_ENGINE"] = "elasticsearch",
                ["ELASTIC_PASSWORD"] = "elastic1",
                ["KIBANA_PASSWORD"] = "kibana1",
                ["KIBANA_ENCRYPTION_KEY"] = new string('k', 32),
            });

        Assert.True(exitCode == 0, output);
        Assert.Contains("service_healthy", output, StringComparison.Ordinal);
        foreach (var service in new[] { "elasticsearch:", "kibana:", "setup:", "ingestor:" })
        {
            Assert.Contains(service, output, StringComparison.Ordinal);
        }
        Assert.Contains("INGESTOR_Index__Engine: elasticsearch", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ComposeFile_Default_RunsTheIngestorAloneOnTheEmbeddedIndex()
    {
        var compose = RepositoryPaths.FindProgram("docker-compose");
        Skip.If(compose is null, "docker-compose is not installed (apt-get install docker-compose) to validate the compose file offline");

        var (exitCode, output) = await RunAsync(compose!, ["-f", RepositoryPaths.Combine("docker-compose.yml"), "config"], new Dictionary<string, string>());

        Assert.True(exitCode == 0, output);
        Assert.Contains("INGESTOR_Index__Engine: sqlite", output, StringComparison.Ordinal);
        Assert.Contains("/data/inbox", output, StringComparison.Ordinal);
        // Everything but the ingestor sits in the elasticsearch profile, which plain `up` does not start.
        Assert.Equal(3, output.Split('\n').Count(l => l.Trim() == "- elasticsearch"));
    }
}
