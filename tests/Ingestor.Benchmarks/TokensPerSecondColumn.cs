using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Ingestor.Benchmarks;

/// <summary>Throughput in tokens/s for benchmarks that say how many tokens one operation handles.</summary>
public sealed class TokensPerSecondColumn : IColumn
{
    public string Id => nameof(TokensPerSecondColumn);
    public string ColumnName => "Tokens/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Tokens tagged per second on one core (tokens per operation / mean time)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || !TagBenchmarks.TokensPerOperation.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var tokens))
        {
            return "-";
        }
        return (tokens / (stats.Mean / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
