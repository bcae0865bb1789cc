using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Configuration;

namespace Ingestor.Collect.DropFolder;

/// <summary>The note written beside a quarantined file, saying why it was set aside.</summary>
public sealed record QuarantineNote(string File, string Origin, string Reason, IReadOnlyList<string> Details, long Size, DateTimeOffset QuarantinedAt);

/// <summary>
/// The quarantine folder: inputs that could not be ingested, each beside a
/// <c>&lt;name&gt;.error.json</c> note. Nothing is overwritten.
/// </summary>
public sealed class Quarantine(IngestorPaths paths, TimeProvider time)
{
    /// <summary>Moves (or copies) a file into quarantine with its note; returns where it went.</summary>
    public async Task<string> PutAsync(string file, string origin, string reason, IReadOnlyList<string> details, bool copy, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.Quarantine);
        var target = InboxFiles.UniquePath(paths.Quarantine, Path.GetFileName(file));
        var size = File.Exists(file) ? new FileInfo(file).Length : 0;
        var note = new QuarantineNote(Path.GetFileName(target), origin, reason, details, size, time.GetUtcNow());
        // The note first: a crash between the two leaves a note without a file, never a file without its reason.
        await File.WriteAllBytesAsync(target + ".error.json", JsonSerializer.SerializeToUtf8Bytes(note, IngestorJson.Indented), cancellationToken);
        if (copy)
        {
            File.Copy(file, target);
        }
        else
        {
            File.Move(file, target);
        }
        return target;
    }
}
