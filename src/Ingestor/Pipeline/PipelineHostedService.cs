using Ingestor.Collect.DropFolder;
using Ingestor.Configuration;
using Ingestor.Index;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Pipeline;

/// <summary>
/// Runs the worker: index ready, pipeline and indexer started, then the drop folders. On shutdown
/// the reverse: stop collecting, finish or journal what is in flight, flush the index, within
/// <see cref="PipelineOptions.ShutdownTimeout"/>.
/// </summary>
public sealed class PipelineHostedService(
    ISearchIndex index,
    IngestionPipeline pipeline,
    IndexDrainer drainer,
    DropFolderCollector dropFolders,
    IngestorPaths paths,
    PipelineHealth health,
    TimeProvider time,
    ILogger<PipelineHostedService> logger,
    IOptions<PipelineOptions> options) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _drainerStop = new();
    private Task _drainerTask = Task.CompletedTask;
    private WorkerLock? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = WorkerLock.TryAcquire(paths)
                ?? throw new InvalidOperationException($"Another worker is already running on the data folder {paths.DataDirectory} (it holds {WorkerLock.PathFor(paths)}).");
        pipeline.Start();
        health.WorkerStarted();
        // The index may not be up yet (a cluster still starting): input is journaled meanwhile and the
        // indexer starts once the index answers, instead of the process failing and restarting in a loop.
        _drainerTask = Task.Run(async () =>
        {
            if (await InitializeWithRetryAsync(_drainerStop.Token))
            {
                await drainer.RunAsync(_drainerStop.Token);
            }
        }, CancellationToken.None);
        await dropFolders.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ShutdownTimeout);
        await dropFolders.StopAsync(timeout.Token);
        await pipeline.StopAsync(timeout.Token);
        try
        {
            // Index what was journaled while we stopped; anything left waits for the next start.
            await drainer.DrainAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _drainerStop.CancelAsync();
        try
        {
            await _drainerTask;
        }
        catch (OperationCanceledException) when (_drainerStop.IsCancellationRequested)
        {
            // Stopped mid-call (an index still starting up): a normal shutdown, not a failure to stop.
        }
    }

    private async Task<bool> InitializeWithRetryAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await index.InitializeAsync(cancellationToken);
                health.IndexRecovered();
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health.IndexFailed($"{index.Engine} index not ready: {ex.Message}");
                Log.IndexNotReady(logger, index.Engine, ex.Message, delay);
            }
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxIndexBackoff.Ticks));
        }
        return false;
    }

    public void Dispose()
    {
        _drainerStop.Dispose();
        _lock?.Dispose();
    }
}
