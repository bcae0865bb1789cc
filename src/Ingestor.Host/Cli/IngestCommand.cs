using System.Collections.Concurrent;
using System.CommandLine;
using Ingestor.Articles;
using Ingestor.Collect.DropFolder;
using Ingestor.Normalize;
using Ingestor.Pipeline;
using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor ingest PATH…`: ingests files or folders once, through the real pipeline.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("path") { Description = "Files or folders (searched recursively) of .txt, .json or .html articles.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Ingest files or folders once, then print a summary (ingested, updated, unchanged, quarantined).") { inputs };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = CliContext.Paths(parseResult);
            var files = Expand(parseResult.GetValue(inputs)!);
            await using var services = await CliServices.StartAsync(paths, cancellationToken);
            var pipeline = services.Get<IngestionPipeline>();
            var quarantine = services.Get<Quarantine>();
            var maxBytes = services.Get<Microsoft.Extensions.Options.IOptions<DropFolderOptions>>().Value.MaxFileBytes;
            using var workerLock = WorkerLock.TryAcquire(paths);
            pipeline.Start();

            var tally = new Tally();
            var done = 0L;
            await CliProgress.RunAsync("Normalizing", files.Count, async report =>
            {
                await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (file, token) =>
                {
                    await IngestFileAsync(file, pipeline, quarantine, maxBytes, tally, token);
                    report(Interlocked.Increment(ref done));
                });
            });
            await pipeline.StopAsync(cancellationToken);

            var queuedForWorker = false;
            if (workerLock is not null)
            {
                var drainer = services.Get<IndexDrainer>();
                var journal = services.Get<ArticleJournal>();
                var pending = await journal.CountAsync(cancellationToken);
                await CliProgress.RunAsync("Indexing", pending, async report =>
                {
                    var drain = drainer.DrainAsync(cancellationToken);
                    while (!drain.IsCompleted)
                    {
                        await Task.WhenAny(drain, Task.Delay(250, cancellationToken));
                        report(pending - await journal.CountAsync(cancellationToken));
                    }
                    await drain;
                });
            }
            else
            {
                queuedForWorker = true;
            }
            PrintSummary(tally, queuedForWorker, paths.Quarantine);
            return tally.Quarantined == 0 ? 0 : 1;
        });
    }

    private sealed class Tally
    {
        public int New;
        public int Updated;
        public int Unchanged;
        public int Quarantined;
        public readonly ConcurrentQueue<string> Problems = new();
    }

    private static async Task IngestFileAsync(FileInfo file, IngestionPipeline pipeline, Quarantine quarantine, long maxBytes, Tally tally, CancellationToken cancellationToken)
    {
        string? reason = null;
        IReadOnlyList<string> details = [];
        var format = DocumentNormalizer.FormatOf(file.Name);
        if (format is null)
        {
            reason = $"Unsupported file type '{file.Extension}': expected .txt, .json or .html.";
        }
        else if (file.Length > maxBytes)
        {
            reason = $"The file is {file.Length:N0} bytes, over the {maxBytes:N0}-byte limit (Inbox:MaxFileBytes).";
        }
        else
        {
            var result = await pipeline.SubmitAsync(new RawDocument
            {
                Origin = file.FullName,
                Format = format.Value,
                Content = await File.ReadAllBytesAsync(file.FullName, cancellationToken),
                Modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
            }, cancellationToken);
            Interlocked.Add(ref tally.New, result.New);
            Interlocked.Add(ref tally.Updated, result.Updated);
            Interlocked.Add(ref tally.Unchanged, result.Unchanged);
            if (result.IsRejected)
            {
                reason = result.RejectedReason;
            }
            else if (result.PartialRejections.Count > 0)
            {
                reason = $"{result.PartialRejections.Count} article(s) in the file were rejected; the other {result.Articles.Count} were ingested.";
                details = result.PartialRejections;
            }
        }
        if (reason is not null)
        {
            Interlocked.Increment(ref tally.Quarantined);
            tally.Problems.Enqueue($"{file.FullName}: {reason}");
            // The original stays where it is; the quarantine keeps a copy with the reason.
            await quarantine.PutAsync(file.FullName, file.FullName, reason, details, copy: true, cancellationToken);
        }
    }

    private static List<FileInfo> Expand(string[] inputs)
    {
        var files = new List<FileInfo>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = true };
                files.AddRange(Directory.EnumerateFiles(input, "*", options).Where(f => !InboxFiles.IsIgnored(Path.GetFileName(f))).Order(StringComparer.Ordinal).Select(f => new FileInfo(f)));
            }
            else if (File.Exists(input))
            {
                files.Add(new FileInfo(input));
            }
            else
            {
                throw new CliException($"{input}: no such file or folder.");
            }
        }
        return files;
    }

    private static void PrintSummary(Tally tally, bool queuedForWorker, string quarantineFolder)
    {
        foreach (var problem in tally.Problems)
        {
            CliOutput.Error(problem);
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("ingested").AddColumn("updated").AddColumn("unchanged").AddColumn("quarantined");
        table.AddRow(tally.New.ToString(System.Globalization.CultureInfo.InvariantCulture), tally.Updated.ToString(System.Globalization.CultureInfo.InvariantCulture),
            tally.Unchanged.ToString(System.Globalization.CultureInfo.InvariantCulture), tally.Quarantined.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (CliProgress.IsInteractive)
        {
            CliConsole.Out.Write(table);
        }
        else
        {
            Console.WriteLine($"ingested: {tally.New}, updated: {tally.Updated}, unchanged: {tally.Unchanged}, quarantined: {tally.Quarantined}");
        }
        if (tally.Quarantined > 0)
        {
            Console.WriteLine($"Quarantined files (with their reasons) are in {quarantineFolder}.");
        }
        if (queuedForWorker)
        {
            Console.WriteLine("A running worker holds this data folder: it indexes the journaled articles.");
        }
    }
}
