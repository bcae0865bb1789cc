using System.CommandLine;
using Ingestor.Articles;
using Ingestor.Normalize;

namespace Ingestor.Host.Cli;

/// <summary>`ingestor normalize FILE`: the normalized, enriched article JSON for one input file.</summary>
internal static class NormalizeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A .txt, .json or .html article file." };
        var command = new Command("normalize", "Print the normalized article JSON for a file (a JSON array prints an array).") { file };
        return command.WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = CliContext.Paths(parseResult);
            var input = parseResult.GetValue(file)!;
            var raw = await CliContext.ReadDocumentAsync(input, cancellationToken);
            NormalizedDocument normalized;
            try
            {
                normalized = DocumentNormalizer.Normalize(raw);
            }
            catch (DocumentRejectedException ex)
            {
                throw new CliException($"{input.Name}: {ex.Reason}");
            }
            var enricher = CliContext.LoadEntityEnricher(paths);
            var views = normalized.Articles.Select(a => ArticleView.From(enricher.Enrich(a))).ToList();
            foreach (var rejection in normalized.Rejections)
            {
                CliOutput.Error($"{input.Name}: {rejection}");
            }
            if (views.Count == 1 && raw.Format != DocumentFormat.Json)
            {
                await CliOutput.WriteJsonAsync(views[0], indented: true, cancellationToken);
            }
            else
            {
                await CliOutput.WriteJsonAsync(views, indented: true, cancellationToken);
            }
            return normalized.Rejections.Count == 0 ? 0 : 1;
        });
    }
}
