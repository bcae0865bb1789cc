using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Articles;

namespace Ingestor.Index.Elasticsearch;

/// <summary>A document Elasticsearch refused for good, with the reason.</summary>
public sealed record DeadLetterEntry(string Id, string Index, int Status, string ErrorType, string Reason, int Attempts, JsonObject Document);

/// <summary>
/// Appends refused documents to <c>&lt;data&gt;/dead-letter/elasticsearch.ndjson</c>, one JSON line each
/// ({"time","id","index","status","error_type","reason","attempts","document"}), so nothing is dropped silently
/// and an operator can fix the cause and re-ingest.
/// </summary>
public sealed class ElasticsearchDeadLetter(string path, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path { get; } = path;

    public static string DefaultPath(string dataDirectory) =>
        System.IO.Path.Combine(dataDirectory, "dead-letter", "elasticsearch.ndjson");

    public async Task WriteAsync(IReadOnlyList<DeadLetterEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        var time = UtcDateTimeOffsetConverter.FormatUtc(timeProvider.GetUtcNow());
        var buffer = new MemoryStream();
        foreach (var entry in entries)
        {
            var line = new JsonObject
            {
                ["time"] = time,
                ["id"] = entry.Id,
                ["index"] = entry.Index,
                ["status"] = entry.Status,
                ["error_type"] = entry.ErrorType,
                ["reason"] = entry.Reason,
                ["attempts"] = entry.Attempts,
                ["document"] = entry.Document.DeepClone(),
            };
            await JsonSerializer.SerializeAsync(buffer, line, IngestorJson.Compact, cancellationToken);
            buffer.WriteByte((byte)'\n');
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            await using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            buffer.Position = 0;
            await buffer.CopyToAsync(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads the file back (tests, `ingestor status`): one JSON object per line.</summary>
    public async Task<IReadOnlyList<JsonObject>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }
        var lines = await File.ReadAllLinesAsync(Path, Encoding.UTF8, cancellationToken);
        return lines.Where(l => l.Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
    }
}
