using BenchmarkDotNet.Running;

// Benchmarks: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- --filter '*Parse*'
BenchmarkSwitcher.FromAssembly(typeof(FeedAggregator.Benchmarks.ParseBenchmarks).Assembly).Run(args);
