using Ingestor.Collect.DropFolder;
using Quartz;

namespace Ingestor.Pipeline;

/// <summary>Rescans the drop folders: a file-system watcher alone misses events.</summary>
[DisallowConcurrentExecution]
public sealed class DropFolderRescanJob(DropFolderCollector collector) : IJob
{
    public static readonly JobKey Key = new("drop-folder-rescan", "collect");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await collector.ScanAsync(cancellationToken);
}

/// <summary>Wakes the indexer now and then, for journal entries written by another process (`ingestor ingest`).</summary>
[DisallowConcurrentExecution]
public sealed class JournalSweepJob(IndexDrainer drainer) : IJob
{
    public static readonly JobKey Key = new("journal-sweep", "index");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        drainer.Signal();
        return ValueTask.CompletedTask;
    }
}
