using BenchmarkDotNet.Running;
using FeedAggregator.Benchmarks;
using FeedAggregator.Benchmarks.Soak;

// Benchmarks: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- --filter '*Parse*'
// Payload sizes of the generated feeds:  dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- sizes
// Parse/scan ratio, interleaved:  dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- ratio
// Topic matching, 100 topics, beside normalisation:  dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- topics
// Precision and recall of a topic on the labelled sets:  dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- topic-eval
// Topic feed requests per second against fixed bytes (needs wrk): dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- feed-load
// Live reload of feeds.json, write to /health showing it: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- reload
// The store at 100,000 items: ingest, topic pages, item lists, search: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- store [--items 100000]
// GET /api/items requests per second on the 100,000-item store (needs wrk): dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- api-load
// Soak of the real service against 10,000 loopback feeds: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- soak --feeds 10000 --cycles 3
// Readers of the topic feeds and the API while the real service ingests: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- load [--minutes 5]
// Fuzz parse and normalise with mutated fixtures: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- fuzz [--cases 1000000] [--seed N] [--minutes M] [--case I]
// Crash safety, SIGKILL during ingest and restart, 100 times: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- crash [--kills 100] [--seed N]
if (args is ["sizes"])
{
    Console.WriteLine($"50-item RSS 2.0: {NewsFeeds.Rss(50).Length} bytes");
    Console.WriteLine($"50-entry Atom 1.0: {NewsFeeds.Atom(50).Length} bytes");
    return 0;
}

if (args is ["ratio"])
{
    ParseRatio.Run();
    return 0;
}

if (args is ["topics"])
{
    FeedAggregator.Benchmarks.Topics.TopicRates.Run();
    return 0;
}

if (args is ["topic-eval", .. var evaluation])
{
    return FeedAggregator.Benchmarks.Topics.TopicEvaluation.Run(evaluation);
}

if (args is ["feed-load", .. var load])
{
    return await FeedAggregator.Benchmarks.Publishing.TopicFeedLoad.RunAsync(load);
}

if (args is ["reload", .. var reload])
{
    return await FeedAggregator.Benchmarks.Sources.ReloadLatency.RunAsync(reload);
}

if (args is ["store", .. var store])
{
    return await FeedAggregator.Benchmarks.Storage.StoreBench.RunAsync(store);
}

if (args is ["api-load", .. var apiLoad])
{
    return await FeedAggregator.Benchmarks.Storage.ApiLoad.RunAsync(apiLoad);
}

if (args is ["load", .. var loadWhileIngesting])
{
    return await FeedAggregator.Benchmarks.Reliability.LoadDriver.RunAsync(loadWhileIngesting);
}

if (args is ["fuzz", .. var fuzz])
{
    return FeedAggregator.Benchmarks.Reliability.FuzzDriver.Run(fuzz);
}

if (args is ["soak", .. var soak])
{
    return await SoakDriver.RunAsync(soak);
}

if (args is ["crash", .. var crash])
{
    return await FeedAggregator.Benchmarks.Reliability.CrashDriver.RunAsync(crash);
}

BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(args);
return 0;
