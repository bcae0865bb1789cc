using System.CommandLine;
using System.Text.Json.Nodes;
using Ingestor.Articles;
using Ingestor.Host.Hosting;
using Ingestor.Index.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestor.Host.Cli;

/// <summary>
/// `ingestor es template` prints the index template and component templates Ingestor applies, each body
/// exactly as sent; `ingestor es apply` applies them and creates the article index, its aliases and the
/// alerts percolator index on the configured cluster.
/// </summary>
internal static class EsCommand
{
    public static Command Create()
    {
        var es = new Command("es", "Elasticsearch: show or apply the index templates Ingestor uses.");
        es.Subcommands.Add(CreateTemplate());
        es.Subcommands.Add(CreateApply());
        return es;
    }

    private static Command CreateTemplate()
    {
        var output = new Option<DirectoryInfo?>("--out")
        {
            Description = "Also write each body the setup script PUTs (templates, first index with aliases, alerts index) to this folder.",
        };
        var command = new Command("template",
            "Print {\"index_template_name\", \"index_template\", \"component_templates\": {NAME: BODY}} as Ingestor would apply them (no server needed).");
        command.Options.Add(output);
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var options = ReadOptions(parseResult);
            if (parseResult.GetValue(output) is { } folder)
            {
                folder.Create();
                foreach (var (name, body) in ElasticsearchTemplates.SetupFiles(options))
                {
                    await File.WriteAllTextAsync(Path.Combine(folder.FullName, name),
                        body.ToJsonString(IngestorJson.Indented) + "\n", cancellationToken);
                }
            }
            await CliOutput.WriteJsonAsync(ElasticsearchTemplates.Describe(options), indented: true, cancellationToken);
            return 0;
        });
    }

    private static Command CreateApply()
    {
        var command = new Command("apply",
            "Apply the templates, create the article index behind its read and write aliases and the alerts index (safe to repeat).");
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var configuration = LoadConfiguration(parseResult);
            ReadOptions(configuration);
            var services = new ServiceCollection()
                .AddElasticsearchIndex(configuration, DataDirectory(parseResult))
                .BuildServiceProvider();
            await using (services)
            {
                var index = services.GetRequiredService<ElasticsearchSearchIndex>();
                var alerts = services.GetRequiredService<ElasticsearchAlertIndex>();
                try
                {
                    var info = await index.Client.InfoAsync(cancellationToken);
                    await index.InitializeAsync(cancellationToken);
                    await alerts.InitializeAsync(cancellationToken);
                    var options = index.Options;
                    await CliOutput.WriteJsonAsync(new JsonObject
                    {
                        ["cluster"] = info.ClusterName,
                        ["version"] = info.Version.Number,
                        ["index_template"] = ElasticsearchTemplates.IndexTemplateName(options),
                        ["read_alias"] = options.ReadAlias,
                        ["write_alias"] = options.WriteAlias,
                        ["alerts_index"] = alerts.Index,
                    }, indented: true, cancellationToken);
                    return 0;
                }
                catch (ElasticsearchException ex)
                {
                    throw new CliException(ex.Message);
                }
            }
        });
    }

    private static ElasticsearchOptions ReadOptions(ParseResult parseResult) => ReadOptions(LoadConfiguration(parseResult));

    private static ElasticsearchOptions ReadOptions(IConfiguration configuration)
    {
        try
        {
            return configuration.ReadElasticsearchOptions();
        }
        catch (OptionsValidationException ex)
        {
            throw new CliException(string.Join(" ", ex.Failures));
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"{ElasticsearchOptions.SectionName}: {ex.Message}");
        }
    }

    /// <summary>The configuration every command reads (ingestor.yaml, sources.yaml, INGESTOR_* variables).</summary>
    private static IConfiguration LoadConfiguration(ParseResult parseResult) =>
        IngestorConfiguration.Load(CliContext.Paths(parseResult));

    private static string DataDirectory(ParseResult parseResult) => CliContext.Paths(parseResult).DataDirectory;
}
