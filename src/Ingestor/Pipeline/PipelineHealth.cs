namespace Ingestor.Pipeline;

/// <summary>What /readyz and `ingestor status` report about the pipeline, updated as it runs.</summary>
public sealed class PipelineHealth
{
    private volatile string? _indexError;
    private long _journalDepth;
    private volatile bool _journalFull;
    private volatile bool _workerRunning;

    /// <summary>Null while the index accepts writes; the last error while it does not.</summary>
    public string? IndexError => _indexError;
    public bool JournalFull => _journalFull;
    public long JournalDepth => Interlocked.Read(ref _journalDepth);
    /// <summary>True once this process runs the worker: it keeps journaling input while the index is away.</summary>
    public bool WorkerRunning => _workerRunning;
    public bool IsDegraded => _indexError is not null || _journalFull;

    public string Status => IsDegraded ? "degraded" : "ok";

    internal void WorkerStarted() => _workerRunning = true;
    internal void IndexFailed(string error) => _indexError = error;
    internal void IndexRecovered() => _indexError = null;
    internal void SetJournal(long depth, bool full)
    {
        Interlocked.Exchange(ref _journalDepth, depth);
        _journalFull = full;
    }
}
