using System.Collections.Concurrent;
using System.Globalization;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Normalize;
using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Collect.DropFolder;

/// <summary>
/// Picks up article files dropped into the inbox folders. A file is claimed (moved into
/// <c>processing/</c>) only once it has stopped growing; once the pipeline has journaled its
/// articles it moves to <c>processed/</c> (or is deleted), and a file that cannot be read goes to
/// <c>quarantine/</c> beside a <c>&lt;name&gt;.error.json</c> that says why. Files left in
/// <c>processing/</c> by a crash are retried on start, so a claimed file is never lost.
/// </summary>
public sealed class DropFolderCollector : IAsyncDisposable
{
    private readonly IngestionPipeline _pipeline;
    private readonly Quarantine _quarantine;
    private readonly StateDatabase _state;
    private readonly PipelineHealth _health;
    private readonly IngestorPaths _paths;
    private readonly DropFolderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DropFolderCollector> _logger;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FileSystemWatcher> _watchers = [];

    public DropFolderCollector(IngestionPipeline pipeline, Quarantine quarantine, StateDatabase state, PipelineHealth health, IngestorPaths paths,
        IOptions<DropFolderOptions> options, TimeProvider time, ILogger<DropFolderCollector> logger)
    {
        _pipeline = pipeline;
        _quarantine = quarantine;
        _state = state;
        _health = health;
        _paths = paths;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentFiles);
        var configured = _options.Folders.Count > 0 ? _options.Folders : [new InboxFolder()];
        Folders = configured
            .Select(f => new ResolvedFolder(Path.GetFullPath(Path.Combine(paths.DataDirectory, f.Path)), f.Source))
            .ToList();
    }

    public sealed record ResolvedFolder(string Path, string Source);

    public IReadOnlyList<ResolvedFolder> Folders { get; }

    /// <summary>Creates the folders, retries what a previous run left claimed, and starts watching.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var folder in Folders)
        {
            Directory.CreateDirectory(folder.Path);
        }
        Directory.CreateDirectory(_paths.Processing);
        Directory.CreateDirectory(_paths.Quarantine);
        if (!_options.DeleteProcessed)
        {
            Directory.CreateDirectory(_paths.Processed);
        }
        await RetryClaimedAsync(cancellationToken);
        foreach (var folder in Folders)
        {
            var watcher = new FileSystemWatcher(folder.Path)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += (_, e) => Consider(e.FullPath, folder);
            watcher.Changed += (_, e) => Consider(e.FullPath, folder);
            watcher.Renamed += (_, e) => Consider(e.FullPath, folder);
            // A full event buffer loses events: a rescan finds whatever they were about.
            watcher.Error += (_, _) => Track(ScanAsync(_stopping.Token));
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        Log.Watching(_logger, string.Join(", ", Folders.Select(f => f.Path)));
        await ScanAsync(cancellationToken);
    }

    /// <summary>Looks at every file in every inbox (the periodic rescan) and at files stuck in processing/.</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        foreach (var folder in Folders)
        {
            if (!Directory.Exists(folder.Path))
            {
                continue;
            }
            var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = true };
            foreach (var file in Directory.EnumerateFiles(folder.Path, "*", enumeration))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Consider(file, folder);
            }
        }
        await RetryClaimedAsync(cancellationToken);
    }

    /// <summary>Number of files being handled now.</summary>
    public int InFlight => _inFlight.Count;

    private void Consider(string path, ResolvedFolder folder)
    {
        if (_stopping.IsCancellationRequested || InboxFiles.IsIgnored(Path.GetFileName(path)) || IsOwnFolder(path) || IsUnderLinkedFolder(path, folder)
            || !_inFlight.TryAdd(path, 0))
        {
            return;
        }
        Track(HandleNewFileAsync(path, folder));
    }

    // A folder link inside an inbox may point anywhere: files are taken only where the inbox really is.
    private static bool IsUnderLinkedFolder(string path, ResolvedFolder folder)
    {
        for (var directory = Path.GetDirectoryName(path); directory is not null && directory.Length > folder.Path.Length; directory = Path.GetDirectoryName(directory))
        {
            if (new DirectoryInfo(directory).LinkTarget is not null)
            {
                return true;
            }
        }
        return false;
    }

    // Data folders nested in an inbox (an inbox at the data root) are never inputs.
    private bool IsOwnFolder(string path) =>
        InboxFiles.IsInside(path, _paths.Processing) || InboxFiles.IsInside(path, _paths.Processed) || InboxFiles.IsInside(path, _paths.Quarantine) ||
        InboxFiles.IsInside(path, _paths.DeadLetter);

    private void Track(Task task)
    {
        _tasks.TryAdd(task, 0);
        task.ContinueWith(t => _tasks.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task HandleNewFileAsync(string path, ResolvedFolder folder)
    {
        var token = _stopping.Token;
        try
        {
            if (Directory.Exists(path) || !await WaitUntilSettledAsync(path, token))
            {
                return;
            }
            await _slots.WaitAsync(token);
            try
            {
                // Past the journal limit a file stays in the inbox, unclaimed, until the index catches up.
                while (_health.JournalFull)
                {
                    await Task.Delay(_options.SettleTime, _time, token);
                }
                if (!File.Exists(path))
                {
                    return;
                }
                var claimed = await ClaimAsync(path, folder, token);
                if (claimed is not null)
                {
                    try
                    {
                        await ProcessClaimedAsync(claimed, path, folder.Source, folder.Path, token);
                    }
                    finally
                    {
                        _inFlight.TryRemove(claimed, out _);
                    }
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Shutting down: an unclaimed file stays in the inbox, a claimed one in processing/.
        }
        catch (Exception ex)
        {
            Log.FileFailed(_logger, ex, path);
        }
        finally
        {
            _inFlight.TryRemove(path, out _);
        }
    }

    /// <summary>Waits until size and write time hold still for the settle time; false if the file vanished.</summary>
    private async Task<bool> WaitUntilSettledAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return false;
        }
        var (size, written) = (info.Length, info.LastWriteTimeUtc);
        while (true)
        {
            await Task.Delay(_options.SettleTime, _time, cancellationToken);
            info.Refresh();
            if (!info.Exists)
            {
                return false;
            }
            if (info.Length == size && info.LastWriteTimeUtc == written)
            {
                return true;
            }
            (size, written) = (info.Length, info.LastWriteTimeUtc);
        }
    }

    /// <summary>Moves the file into processing/ (an atomic rename on one file system); null if someone else took it.</summary>
    private async Task<string?> ClaimAsync(string path, ResolvedFolder folder, CancellationToken cancellationToken)
    {
        var target = InboxFiles.UniquePath(_paths.Processing, Path.GetFileName(path));
        // Marked in flight before it exists, so the stuck-file sweep never takes it from under us.
        _inFlight.TryAdd(target, 0);
        try
        {
            File.Move(path, target);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            _inFlight.TryRemove(target, out _);
            if (ex is IOException && File.Exists(path))
            {
                throw;
            }
            return null;
        }
        await RecordClaimAsync(target, folder.Source, path, cancellationToken);
        return target;
    }

    private async Task RecordClaimAsync(string claimed, string source, string origin, CancellationToken cancellationToken)
    {
        await _state.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _state.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO claims (file, source, origin, claimed_at) VALUES ($file, $source, $origin, $at)";
            command.Parameters.AddWithValue("$file", Path.GetFileName(claimed));
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$origin", origin);
            command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _state.WriteLock.Release();
        }
    }

    private async Task ForgetClaimAsync(string claimed, CancellationToken cancellationToken)
    {
        await _state.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _state.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM claims WHERE file = $file";
            command.Parameters.AddWithValue("$file", Path.GetFileName(claimed));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _state.WriteLock.Release();
        }
    }

    /// <summary>Re-submits files in processing/ that no task is handling (a crash, a failed journal write).</summary>
    private async Task RetryClaimedAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_paths.Processing))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(_paths.Processing))
        {
            if (!_inFlight.TryAdd(file, 0))
            {
                continue;
            }
            var (source, origin) = await LookupClaimAsync(file, cancellationToken);
            Log.Retrying(_logger, file);
            Track(RetryAsync(file, origin ?? file, source ?? Folders[0].Source));
        }
    }

    private async Task RetryAsync(string claimed, string origin, string source)
    {
        var token = _stopping.Token;
        try
        {
            await _slots.WaitAsync(token);
            try
            {
                await ProcessClaimedAsync(claimed, origin, source, Folders[0].Path, token);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.FileFailed(_logger, ex, claimed);
        }
        finally
        {
            _inFlight.TryRemove(claimed, out _);
        }
    }

    private async Task<(string? Source, string? Origin)> LookupClaimAsync(string claimed, CancellationToken cancellationToken)
    {
        await using var connection = await _state.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, origin FROM claims WHERE file = $file";
        command.Parameters.AddWithValue("$file", Path.GetFileName(claimed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)) : (null, null);
    }

    /// <summary>Reads, submits and files away one claimed file.</summary>
    private async Task ProcessClaimedAsync(string claimed, string origin, string source, string inboxRoot, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(claimed);
        var info = new FileInfo(claimed);
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !InboxFiles.IsInside(target.FullName, inboxRoot))
            {
                await QuarantineAsync(claimed, origin, "The file is a symbolic link to somewhere outside the inbox; links are not followed out of it.", [], cancellationToken);
                return;
            }
            info = new FileInfo(target.FullName);
        }
        var format = DocumentNormalizer.FormatOf(name);
        if (format is null)
        {
            await QuarantineAsync(claimed, origin, $"Unsupported file type '{Path.GetExtension(name)}': expected .txt, .json or .html.", [], cancellationToken);
            return;
        }
        if (info.Length > _options.MaxFileBytes)
        {
            await QuarantineAsync(claimed, origin, $"The file is {info.Length:N0} bytes, over the {_options.MaxFileBytes:N0}-byte limit (Inbox:MaxFileBytes).", [], cancellationToken);
            return;
        }
        var content = await File.ReadAllBytesAsync(info.FullName, cancellationToken);
        var document = new RawDocument
        {
            Origin = origin,
            Format = format.Value,
            Content = content,
            Source = source,
            Modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero),
        };
        var result = await _pipeline.SubmitAsync(document, cancellationToken);
        if (result.IsRejected)
        {
            await QuarantineAsync(claimed, origin, result.RejectedReason!, [], cancellationToken);
            return;
        }
        if (result.PartialRejections.Count > 0)
        {
            await QuarantineAsync(claimed, origin,
                $"{result.PartialRejections.Count} article(s) in the file were rejected; the other {result.Articles.Count} were ingested. Fix the rejected ones and drop the file again.",
                result.PartialRejections, cancellationToken);
            return;
        }
        if (_options.DeleteProcessed)
        {
            File.Delete(claimed);
        }
        else
        {
            File.Move(claimed, InboxFiles.UniquePath(_paths.Processed, name));
        }
        await ForgetClaimAsync(claimed, CancellationToken.None);
    }

    private async Task QuarantineAsync(string claimed, string origin, string reason, IReadOnlyList<string> details, CancellationToken cancellationToken)
    {
        await _quarantine.PutAsync(claimed, origin, reason, details, copy: false, cancellationToken);
        await ForgetClaimAsync(claimed, CancellationToken.None);
        Log.Quarantined(_logger, origin, reason);
    }

    /// <summary>Stops watching and waits (up to the token) for files being handled.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var watcher in _watchers)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }
        _watchers.Clear();
        try
        {
            await Task.WhenAll(_tasks.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
        await _stopping.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
        await _stopping.CancelAsync();
        _stopping.Dispose();
        _slots.Dispose();
    }
}
