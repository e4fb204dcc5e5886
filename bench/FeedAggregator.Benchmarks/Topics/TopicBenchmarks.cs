using BenchmarkDotNet.Attributes;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Topics;

namespace FeedAggregator.Benchmarks.Topics;

/// <summary>
/// Matching at ingest: 100 topics (<c>topics-100.json</c>) against news items, per item, beside the normalisation of
/// the same items in the same run. Target: at least 10,000 items/s on one core (docs/performance.md).
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- --filter '*TopicBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class TopicBenchmarks
{
    private ParsedFeed feed = null!;
    private NormalisedItem[] items = null!;
    private TopicMatcher hundred = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        feed = TopicCorpus.Feed();
        items = [.. feed.Items.Select(i => ItemNormaliser.Normalise(i, feed))];
        hundred = new TopicMatcher(TopicCorpus.HundredTopics());
    }

    [Benchmark(Baseline = true, Description = "normalise one item")]
    public NormalisedItem Normalise() => ItemNormaliser.Normalise(feed.Items[next++ % feed.Items.Count], feed);

    [Benchmark(Description = "match one item against 100 topics, explained")]
    public int Match100() => hundred.Match(MatchInput.Of(items[next++ % items.Length], TopicCorpus.Source)).Count;

    [Benchmark(Description = "match one item against 100 topics, no explanation")]
    public int Match100Bare() => hundred.Match(MatchInput.Of(items[next++ % items.Length], TopicCorpus.Source), explain: false).Count;
}
