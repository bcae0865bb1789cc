using System.CommandLine;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Enrich.Entities;
using Ingestor.Normalize;

namespace Ingestor.Host.Cli;

/// <summary>What commands share: resolved folders, and the few stage objects light commands build directly.</summary>
internal static class CliContext
{
    public const long MaxInputBytes = 64 * 1024 * 1024;

    public static IngestorPaths Paths(ParseResult parseResult) =>
        IngestorPaths.Resolve(parseResult.GetValue(CliOptions.Data)?.FullName, parseResult.GetValue(CliOptions.Config)?.FullName);

    /// <summary>Reads an input file as a raw document, its format from the extension.</summary>
    public static async Task<RawDocument> ReadDocumentAsync(FileInfo file, CancellationToken cancellationToken, DocumentFormat? format = null)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName}: no such file.");
        }
        if (file.Length > MaxInputBytes)
        {
            throw new CliException($"{file.FullName}: {file.Length:N0} bytes is larger than the {MaxInputBytes:N0}-byte limit.");
        }
        var resolved = format ?? DocumentNormalizer.FormatOf(file.Name)
            ?? throw new CliException($"{file.Name}: unknown file type '{file.Extension}' (expected .txt, .json or .html).");
        return new RawDocument
        {
            Origin = file.FullName,
            Format = resolved,
            Content = await File.ReadAllBytesAsync(file.FullName, cancellationToken),
            Modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
        };
    }

    public static EntityEnricher LoadEntityEnricher(IngestorPaths paths) =>
        new(new EntityRecognizer(new GazetteerMatcher(Gazetteer.LoadDirectory(paths.EntitiesDirectory))), NerTagger.CreateDefault());
}
