using System.CommandLine;
using System.Text;

namespace Ingestor.Host.Cli;

/// <summary>The `ingestor` command line: one executable, one subcommand per job.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Ingestor: collects news from feeds and drop folders, normalizes and enriches it, indexes it and serves search and alerts.");
        root.Options.Add(CliOptions.Data);
        root.Options.Add(CliOptions.Config);
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return RunCommand.Create();
        yield return IngestCommand.Create();
        yield return SearchCommand.Create();
        yield return ReindexCommand.Create();
        yield return NormalizeCommand.Create();
        yield return EsCommand.Create();
        yield return TagCommand.Create();
        yield return TrainNerCommand.Create();
        yield return ExtractCommand.Create();
        yield return ParseFeedCommand.Create();
        yield return StoriesCommand.Create();
        yield return AlertsCommand.Create();
        yield return StatusCommand.Create();
        yield return SourcesCommand.Create();
        yield return CheckConfigCommand.Create();
        yield return BenchCommand.Create();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var parseResult = Build().Parse(args);
        return await parseResult.InvokeAsync();
    }
}
