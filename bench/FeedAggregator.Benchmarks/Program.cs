using BenchmarkDotNet.Running;
using FeedAggregator.Benchmarks;

// Benchmarks: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- --filter '*Parse*'
// Payload sizes of the generated feeds:  dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- sizes
if (args is ["sizes"])
{
    Console.WriteLine($"50-item RSS 2.0: {NewsFeeds.Rss(50).Length} bytes");
    Console.WriteLine($"50-entry Atom 1.0: {NewsFeeds.Atom(50).Length} bytes");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(args);
