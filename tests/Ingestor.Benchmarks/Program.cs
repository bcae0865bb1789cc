using System.Diagnostics;
using BenchmarkDotNet.Running;
using Ingestor.Benchmarks;

// `dotnet run -c Release -- --filter '*'` runs every stage; see README.md for short runs and single stages.
// `-- loop html|tag|normalize SECONDS` repeats one stage in a plain loop, to attach dotnet-trace or dotnet-counters.
if (args is ["loop", var stage, var seconds])
{
    Action work = stage switch
    {
        "html" => new HtmlBenchmarks().Loop(),
        "tag" => new TagBenchmarks().Loop(),
        "normalize" => new NormalizeBenchmarks().Loop(),
        _ => throw new ArgumentException($"Unknown stage '{stage}': html, tag or normalize."),
    };
    var until = TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    // Warm-up outside the measurement: tiered JIT and PGO otherwise bill the first seconds to the code under test.
    var warmUp = Stopwatch.StartNew();
    while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
    {
        work();
    }
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    var cpuBefore = self.TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var pauseBefore = GC.GetTotalPauseDuration();
    int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    var watch = Stopwatch.StartNew();
    var operations = 0;
    while (watch.Elapsed < until)
    {
        work();
        operations++;
    }
    self.Refresh();
    var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
    // CPU time too: on a shared machine the wall-clock rate says more about the neighbours than about the code.
    Console.WriteLine($"{stage}: {operations} operations in {watch.Elapsed.TotalSeconds:F1} s = {operations / watch.Elapsed.TotalSeconds:F1}/s wall, " +
                      $"{operations / cpu:F1} per CPU-second (all threads, GC included)");
    Console.WriteLine($"  {(GC.GetTotalAllocatedBytes() - allocatedBefore) / operations / 1024.0:F0} KB allocated per operation; " +
                      $"GC pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds / cpu:P1} of CPU time; collections gen0/1/2: " +
                      $"{GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]}");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(args);
