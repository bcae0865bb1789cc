using BenchmarkDotNet.Running;

// `dotnet run -c Release -- --filter '*'` runs every stage; see README.md for short runs and single stages.
BenchmarkSwitcher.FromAssembly(typeof(Ingestor.Benchmarks.BenchData).Assembly).Run(args);
