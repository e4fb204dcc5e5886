using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Parsing;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// The parse-to-scan ratio measured by interleaving: rounds of the scan and the parse of each feed run one after the
/// other, and each keeps its fastest round. On a shared machine whose speed drifts over minutes this compares the two
/// under the same conditions, where separate benchmark launches may not.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- ratio</c>
/// </summary>
internal static class ParseRatio
{
    public static void Run(int rounds = 25, int iterations = 300)
    {
        foreach (var (name, bytes) in new[] { ("RSS 2.0", NewsFeeds.Rss(50)), ("Atom 1.0", NewsFeeds.Atom(50)) })
        {
            var scan = double.MaxValue;
            var parse = double.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                scan = Math.Min(scan, MicrosecondsPer(() => ParseBenchmarks.Scan(bytes), iterations));
                parse = Math.Min(parse, MicrosecondsPer(() => FeedParser.Parse(bytes).Items.Count, iterations));
            }

            var scanBytes = AllocatedPer(() => ParseBenchmarks.Scan(bytes));
            var parseBytes = AllocatedPer(() => FeedParser.Parse(bytes).Items.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: payload {bytes.Length} B; scan {scan:0.0} µs, {scanBytes} B; parse {parse:0.0} µs, {parseBytes} B; time ratio {parse / scan:0.00}; parse alloc / payload {(double)parseBytes / bytes.Length:0.00}"));
        }
    }

    private static double MicrosecondsPer(Func<int> work, int iterations)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            work();
        }

        return clock.Elapsed.TotalMicroseconds / iterations;
    }

    private static long AllocatedPer(Func<int> work)
    {
        for (var i = 0; i < 50; i++)
        {
            work();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            work();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }
}
