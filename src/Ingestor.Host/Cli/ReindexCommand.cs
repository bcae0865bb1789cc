using System.CommandLine;
using Ingestor.Index;
using Ingestor.Index.Elasticsearch;
using Ingestor.Index.Sqlite;

namespace Ingestor.Host.Cli;

/// <summary>
/// `ingestor reindex`: on Elasticsearch, copies the articles into a new index with the current mapping
/// behind the read and write aliases (no downtime); on the embedded index, rebuilds the full-text index
/// and facets from the stored articles.
/// </summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var deleteOld = new Option<bool>("--delete-old") { Description = "Elasticsearch: delete the previous index once the aliases point at the new one." };
        var command = new Command("reindex", "Rebuild the index with the current mapping, without downtime.") { deleteOld };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CliServices.StartAsync(CliContext.Paths(parseResult), cancellationToken);
            var index = services.Get<ISearchIndex>();
            switch (index)
            {
                case ElasticsearchSearchIndex elasticsearch:
                {
                    var result = await elasticsearch.ReindexAsync(parseResult.GetValue(deleteOld), cancellationToken);
                    Console.WriteLine($"reindexed {result.Total} article(s) from {result.From} to {result.To} ({result.Created} created, {result.VersionConflicts} already there){(result.DeletedOld ? "; old index deleted" : "")}");
                    return 0;
                }
                case SqliteSearchIndex sqlite:
                {
                    var rebuilt = await sqlite.RebuildAsync(cancellationToken);
                    Console.WriteLine($"rebuilt the full-text index and facets of {rebuilt} article(s) in {sqlite.Path}");
                    return 0;
                }
                default:
                    throw new CliException($"The {index.Engine} engine has no reindex operation.");
            }
        });
    }
}
