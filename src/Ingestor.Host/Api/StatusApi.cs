using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Collect.DropFolder;
using Ingestor.Collect.Feeds;
using Ingestor.Configuration;
using Ingestor.Index;
using Ingestor.Pipeline;
using Microsoft.Extensions.Options;

namespace Ingestor.Host.Api;

/// <summary><c>GET /api/status</c>: what `ingestor status` prints, as JSON.</summary>
internal static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder api)
    {
        // Only a process that runs the worker knows whether index writes are failing.
        var workerInProcess = ((IEndpointRouteBuilder)api).ServiceProvider.GetServices<IHostedService>().OfType<PipelineHostedService>().Any();
        api.MapGet("/status", async (IServiceProvider services, CancellationToken cancellationToken) =>
                TypedResults.Ok(await StatusReporter.ReportAsync(services, workerInProcess, cancellationToken)))
            .WithName("Status")
            .WithSummary("Sources with their health, journal depth, index document count, pipeline state and the last alert.");
        return api;
    }
}

/// <summary>
/// The operator's view of one data folder. Objects rather than flat fields so that features can add
/// keys (feed poll statistics, alert counts) without breaking readers.
/// </summary>
public sealed record StatusReport(
    string Engine,
    DateTimeOffset Generated,
    IReadOnlyList<string> Problems,
    IndexStatus Index,
    JournalStatus Journal,
    PipelineStatus Pipeline,
    IReadOnlyList<SourceStatus> Sources,
    QuarantineStatus Quarantine,
    AlertStatus? LastAlert);

/// <param name="Documents">Articles in the index; null when the index did not answer.</param>
public sealed record IndexStatus(long? Documents, string? Error);

/// <param name="Depth">Accepted articles not yet indexed.</param>
/// <param name="Limit">Past it, new input waits (Pipeline:JournalLimit).</param>
public sealed record JournalStatus(long Depth, long Limit, bool Full);

/// <param name="Status">ok, degraded, or unknown when no worker runs in the reporting process.</param>
/// <param name="WorkerInProcess">Whether the reporting process runs the worker (so index errors are known).</param>
public sealed record PipelineStatus(string Status, string? IndexError, bool WorkerInProcess);

/// <param name="Kind">drop_folder or feed.</param>
/// <param name="Health">ok, degraded, failing, missing or unknown.</param>
/// <param name="Waiting">Files waiting in a drop folder.</param>
public sealed record SourceStatus(
    string Name,
    string Kind,
    string Location,
    string Health,
    string? Detail,
    long? Waiting,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure);

public sealed record QuarantineStatus(long Files, QuarantineNote? Last);

/// <summary>The most recent alert firing.</summary>
public sealed record AlertStatus(string RuleId, string RuleName, DateTimeOffset Fired, string? Detail);

/// <summary>Builds <see cref="StatusReport"/> from the services of a host or of a one-shot command.</summary>
internal static class StatusReporter
{
    private const int MaxCountedFiles = 100_000;

    public static async Task<StatusReport> ReportAsync(IServiceProvider services, bool workerInProcess, CancellationToken cancellationToken)
    {
        var index = services.GetRequiredService<ISearchIndex>();
        var journal = services.GetRequiredService<ArticleJournal>();
        var health = services.GetRequiredService<PipelineHealth>();
        var paths = services.GetRequiredService<IngestorPaths>();
        var pipelineOptions = services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var problems = new List<string>();

        IndexStatus indexStatus;
        try
        {
            indexStatus = new IndexStatus(await index.CountAsync(cancellationToken), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            indexStatus = new IndexStatus(null, ex.Message);
            problems.Add($"The {index.Engine} index does not answer: {ex.Message}");
        }

        var depth = await journal.CountAsync(cancellationToken);
        var full = depth >= pipelineOptions.JournalLimit;
        if (full)
        {
            problems.Add($"The journal is full ({depth} of {pipelineOptions.JournalLimit}): new input waits until the index catches up.");
        }
        var indexError = workerInProcess ? health.IndexError : null;
        if (indexError is not null)
        {
            problems.Add($"Index writes are failing: {indexError}");
        }
        var pipelineState = indexError is not null || full ? "degraded" : workerInProcess ? "ok" : "unknown";

        var sources = DropFolderSources(services, paths);
        sources.AddRange(await FeedSourcesAsync(services, cancellationToken));
        problems.AddRange(sources.Where(s => s.Health != "ok").Select(s => $"Source '{s.Name}' ({s.Location}) is {s.Health}: {s.Detail}"));

        return new StatusReport(
            index.Engine,
            time.GetUtcNow(),
            problems,
            indexStatus,
            new JournalStatus(depth, pipelineOptions.JournalLimit, full),
            new PipelineStatus(pipelineState, indexError, workerInProcess),
            sources,
            await QuarantineAsync(paths, cancellationToken),
            LastAlert: null);
    }

    private static List<SourceStatus> DropFolderSources(IServiceProvider services, IngestorPaths paths)
    {
        var options = services.GetRequiredService<IOptions<DropFolderOptions>>().Value;
        var folders = options.Folders.Count > 0 ? options.Folders : [new InboxFolder()];
        var sources = new List<SourceStatus>();
        foreach (var folder in folders)
        {
            var location = Path.GetFullPath(Path.Combine(paths.DataDirectory, folder.Path));
            if (!Directory.Exists(location))
            {
                // The worker creates its drop folders at start; before that a missing folder is normal.
                sources.Add(new SourceStatus(folder.Source, "drop_folder", location, "missing", "The folder does not exist (the worker creates it when it starts).", null, null, null));
                continue;
            }
            try
            {
                var waiting = Directory.EnumerateFiles(location).Where(f => !InboxFiles.IsIgnored(Path.GetFileName(f))).Take(MaxCountedFiles).LongCount();
                sources.Add(new SourceStatus(folder.Source, "drop_folder", location, "ok", null, waiting, null, null));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                sources.Add(new SourceStatus(folder.Source, "drop_folder", location, "failing", ex.Message, null, null, null));
            }
        }
        return sources;
    }

    /// <summary>Enabled feeds; one not polled yet counts as ok (pending).</summary>
    private static async Task<IEnumerable<SourceStatus>> FeedSourcesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<FeedHealthReader>().ReadAsync(cancellationToken);
        return report.Sources.Where(f => f.Enabled).Select(f => new SourceStatus(f.Name, "feed", f.Url, f.Health == "pending" ? "ok" : f.Health,
            f.ConsecutiveFailures > 0 ? f.LastError : null, null, f.LastSuccess, f.LastErrorAt));
    }

    private static async Task<QuarantineStatus> QuarantineAsync(IngestorPaths paths, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.Quarantine))
        {
            return new QuarantineStatus(0, null);
        }
        var notes = new DirectoryInfo(paths.Quarantine).EnumerateFiles("*.error.json").Take(MaxCountedFiles).ToList();
        QuarantineNote? last = null;
        if (notes.Count > 0)
        {
            var newest = notes.MaxBy(n => n.LastWriteTimeUtc)!;
            try
            {
                await using var stream = newest.OpenRead();
                last = await JsonSerializer.DeserializeAsync<QuarantineNote>(stream, IngestorJson.Compact, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                // A note being written or removed right now: the count is still right.
            }
        }
        return new QuarantineStatus(notes.Count, last);
    }
}
