using System.ComponentModel.DataAnnotations;

namespace Ingestor.Pipeline;

/// <summary>Configuration section <c>Pipeline</c>: how work flows between stages.</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Articles normalized in parallel (0 = one per core).</summary>
    [Range(0, 64)]
    public int NormalizeConcurrency { get; set; }

    /// <summary>Inputs waiting to be normalized before submitters wait (back-pressure).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 512;

    /// <summary>Most articles written to the index in one batch.</summary>
    [Range(1, 10_000)]
    public int IndexBatchSize { get; set; } = 256;

    /// <summary>How long the indexer waits for a batch to fill once work arrives.</summary>
    public TimeSpan IndexBatchDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most accepted articles waiting in the journal; past it, new input waits instead of being dropped.</summary>
    [Range(1, 100_000_000)]
    public int JournalLimit { get; set; } = 100_000;

    /// <summary>Longest back-off between index retries while the index is unavailable.</summary>
    public TimeSpan MaxIndexBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before an article the index keeps refusing is dead-lettered.</summary>
    [Range(1, 1000)]
    public int MaxIndexAttempts { get; set; } = 20;

    /// <summary>How long a graceful shutdown may take to finish in-flight work.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public int EffectiveNormalizeConcurrency => NormalizeConcurrency > 0 ? NormalizeConcurrency : Environment.ProcessorCount;
}
