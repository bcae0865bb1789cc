using System.Text.Json;
using Ingestor.Articles;

namespace Ingestor.Host.Cli;

/// <summary>How commands print: JSON documents on stdout, messages on stderr.</summary>
internal static class CliOutput
{
    /// <summary>Writes one JSON document (snake_case, UTF-8) followed by a newline.</summary>
    public static async Task WriteJsonAsync<T>(T value, bool indented, CancellationToken cancellationToken)
    {
        var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, value, indented ? IngestorJson.Indented : IngestorJson.Compact, cancellationToken);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }

    public static void Error(string message) => Console.Error.WriteLine("ingestor: " + message);
}
