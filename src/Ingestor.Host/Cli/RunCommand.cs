using System.CommandLine;
using Ingestor.Host.Hosting;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor run`: the worker and the query API in one process (or one of them).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var role = new Option<HostRole>("--role")
        {
            Description = "What this process runs: all (worker and API), worker, or api.",
            DefaultValueFactory = _ => HostRole.All,
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where the API listens (default {IngestorHost.DefaultUrls}, or ASPNETCORE_URLS).",
        };
        var command = new Command("run", "Run the ingestion worker and the query API until stopped.") { role, urls };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = CliContext.Paths(parseResult);
            await using var app = IngestorHost.Build(paths, parseResult.GetValue(role), parseResult.GetValue(urls));
            await app.RunAsync(cancellationToken);
            return 0;
        });
    }
}
