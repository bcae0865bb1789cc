using System.Text.Json.Nodes;
using Ingestor.Articles;
using Ingestor.Index.Elasticsearch;
using YamlDotNet.RepresentationModel;

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

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, IDictionary<string, string> environment,
        string? workingDirectory = null)
    {
        // Only what the test passes (and .env) may configure compose.
        var result = await ProcessRunner.RunAsync(program, arguments, environment.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)),
            workingDirectory ?? RepositoryPaths.RepositoryRoot,
            key => key.StartsWith("COMPOSE_", StringComparison.Ordinal) || key is "INGESTOR_ENGINE" or "ELASTIC_PASSWORD" or "KIBANA_PASSWORD" or "KIBANA_ENCRYPTION_KEY");
        return (result.ExitCode, result.Stdout + result.Stderr);
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
    public async Task SetupScript_KibanaFolder_ImportsEveryNdjsonFileAndRefusesAnEmptyOne()
    {
        var sh = RepositoryPaths.FindProgram("sh");
        Skip.If(sh is null || RepositoryPaths.FindProgram("curl") is null, "sh and curl are needed to run deploy/es-setup.sh");
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = r => r.Path switch
        {
            "/api/status" => FakeResponse.Ok(new JsonObject()),
            "/api/saved_objects/_import" => FakeResponse.Ok(new JsonObject { ["success"] = true, ["successCount"] = 1 }),
            _ => null,
        };
        using var kibana = new TempFolder();
        File.Copy(RepositoryPaths.Combine("config", "kibana", "ingestor.ndjson"), kibana.Combine("ingestor.ndjson"));
        File.WriteAllText(kibana.Combine("extra.ndjson"), """{"id":"extra-search","type":"search","attributes":{"title":"Extra"},"references":[]}""" + "\n");
        File.WriteAllText(kibana.Combine("notes.txt"), "not saved objects");
        var environment = new Dictionary<string, string>
        {
            ["ES_URL"] = server.Url.ToString().TrimEnd('/'),
            ["KIBANA_URL"] = server.Url.ToString().TrimEnd('/'),
            ["ELASTIC_PASSWORD"] = "secret1",
            ["KIBANA_DIR"] = kibana.Path,
            ["WAIT_SECONDS"] = "10",
        };

        var (exitCode, output) = await RunAsync(sh!, [RepositoryPaths.Combine("deploy", "es-setup.sh")], environment);

        Assert.True(exitCode == 0, output);
        var imports = server.Requests.Where(r => r.Path == "/api/saved_objects/_import").ToList();
        Assert.Equal(2, imports.Count);
        Assert.Contains(imports, r => r.BodyText.Contains("\"id\":\"extra-search\"", StringComparison.Ordinal));
        Assert.Contains(imports, r => r.BodyText.Contains("\"id\":\"ingestor-news-overview\"", StringComparison.Ordinal));
        Assert.DoesNotContain(imports, r => r.BodyText.Contains("not saved objects", StringComparison.Ordinal));

        using var empty = new TempFolder();
        environment["KIBANA_DIR"] = empty.Path;
        var (emptyExit, emptyOutput) = await RunAsync(sh!, [RepositoryPaths.Combine("deploy", "es-setup.sh")], environment);

        Assert.NotEqual(0, emptyExit);
        Assert.Contains("no saved objects (*.ndjson)", emptyOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SetupScript_IndexCreatedMeanwhileByTheIngestor_Succeeds()
    {
        var sh = RepositoryPaths.FindProgram("sh");
        Skip.If(sh is null || RepositoryPaths.FindProgram("curl") is null, "sh and curl are needed to run deploy/es-setup.sh");
        await using var server = await FakeElasticsearch.StartAsync();
        // The alias is not there yet when the script looks, but the ingestor creates the index before the script's PUT.
        server.Handler = r => (r.Method, r.Path) is ("PUT", "/ingestor-articles-v1") or ("PUT", "/ingestor-alerts")
            ? FakeResponse.Error(400, "resource_already_exists_exception", $"index [{r.Path.TrimStart('/')}/abc] already exists")
            : null;

        var (exitCode, output) = await RunAsync(sh!, [RepositoryPaths.Combine("deploy", "es-setup.sh")], new Dictionary<string, string>
        {
            ["ES_URL"] = server.Url.ToString().TrimEnd('/'),
            ["ELASTIC_PASSWORD"] = "secret1",
            ["SKIP_KIBANA"] = "1",
            ["WAIT_SECONDS"] = "10",
        });

        Assert.True(exitCode == 0, output);
        Assert.Contains("index ingestor-articles-v1 exists (created meanwhile)", output, StringComparison.Ordinal);
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

    private static YamlMappingNode Map(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }
        return (YamlMappingNode)node;
    }

    private static string Scalar(YamlNode node, params string[] keys)
    {
        var parent = Map(node, keys[..^1]);
        return ((YamlScalarNode)parent.Children[new YamlScalarNode(keys[^1])]).Value!;
    }

    [SkippableFact]
    public async Task ComposeFiles_EnvFromExampleInATempCopy_ProductionStackWithHealthChecksAndStartOrder()
    {
        var compose = RepositoryPaths.FindProgram("docker-compose");
        Skip.If(compose is null, "docker-compose is not installed (apt-get install docker-compose) to validate the compose file offline");
        using var copy = new TempFolder();
        foreach (var file in new[] { "docker-compose.yml", "docker-compose.elasticsearch.yml", "Dockerfile" })
        {
            File.Copy(RepositoryPaths.Combine(file), copy.Combine(file));
        }
        File.Copy(RepositoryPaths.Combine(".env.example"), copy.Combine(".env"));
        var env = File.ReadAllLines(copy.Combine(".env"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);

        // No -f and no --profile: .env alone (COMPOSE_FILE, COMPOSE_PROFILES) selects the production stack.
        var (exitCode, output) = await RunAsync(compose!, ["config"], new Dictionary<string, string>(), copy.Path);

        Assert.True(exitCode == 0, output);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        var services = Map(yaml.Documents[0].RootNode, "services");
        Assert.Equal(["elasticsearch", "ingestor", "kibana", "setup"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal));

        Assert.Equal("true", Scalar(services, "elasticsearch", "environment", "xpack.security.enabled"));
        Assert.Equal("single-node", Scalar(services, "elasticsearch", "environment", "discovery.type"));
        Assert.Equal(env["ELASTIC_PASSWORD"], Scalar(services, "elasticsearch", "environment", "ELASTIC_PASSWORD"));
        foreach (var service in new[] { "elasticsearch", "kibana", "ingestor" })
        {
            Assert.NotEmpty(Map(services, service, "healthcheck").Children);
        }
        foreach (var service in new[] { "setup", "kibana", "ingestor" })
        {
            Assert.Equal("service_healthy", Scalar(services, service, "depends_on", "elasticsearch", "condition"));
        }
        Assert.Equal("elasticsearch", Scalar(services, "ingestor", "environment", "INGESTOR_Index__Engine"));
        Assert.Equal(env["ELASTIC_PASSWORD"], Scalar(services, "ingestor", "environment", "INGESTOR_Elasticsearch__Password"));
        Assert.Equal("no", Scalar(services, "setup", "restart"));
        Assert.Equal(env["KIBANA_PASSWORD"], Scalar(services, "setup", "environment", "KIBANA_PASSWORD"));
        Assert.Equal(env["KIBANA_PASSWORD"], Scalar(services, "kibana", "environment", "ELASTICSEARCH_PASSWORD"));
        var mounts = ((YamlSequenceNode)Map(services, "setup").Children[new YamlScalarNode("volumes")]).Children
            .Select(v => ((YamlScalarNode)v).Value!).ToList();
        Assert.Contains(mounts, m => m.EndsWith("config/kibana:/setup/kibana:ro", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.EndsWith("deploy/es-setup.sh:/setup/es-setup.sh:ro", StringComparison.Ordinal));
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
