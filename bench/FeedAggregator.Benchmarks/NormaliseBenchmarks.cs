using BenchmarkDotNet.Attributes;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// Normalisation of parsed news items (sanitise HTML with absolute URLs, plain text of title and summary, the item's JSON
/// and hash), one core. Target (issue 3): at least 20,000 items/s for news-sized items; items/s = 50 / mean.
/// Each invocation restores the parsed text first (a few hundred nanoseconds), so every run sanitises the original markup.
/// </summary>
[MemoryDiagnoser]
public class NormaliseBenchmarks
{
    private static readonly Uri DocumentUri = new("https://news.example.org/rss");
    private ParsedFeed marked = null!;
    private ParsedFeed plain = null!;
    private (TextValue? Title, TextValue? Summary)[] markedText = [];
    private (TextValue? Title, TextValue? Summary)[] plainText = [];

    [GlobalSetup]
    public void Setup()
    {
        marked = FeedParser.Parse(NewsFeeds.Rss(50), DocumentUri);
        plain = FeedParser.Parse(NewsFeeds.Rss(50, markup: false), DocumentUri);
        markedText = [.. marked.Items.Select(i => (i.Title, i.Summary))];
        plainText = [.. plain.Items.Select(i => (i.Title, i.Summary))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 50)]
    public int Normalise50MarkedUp() => Normalise(marked, markedText);

    [Benchmark(OperationsPerInvoke = 50)]
    public int Normalise50Plain() => Normalise(plain, plainText);

    private static int Normalise(ParsedFeed feed, (TextValue? Title, TextValue? Summary)[] original)
    {
        for (var i = 0; i < original.Length; i++)
        {
            feed.Items[i].Title = original[i].Title;
            feed.Items[i].Summary = original[i].Summary;
        }

        FeedNormaliser.Normalise(feed, DocumentUri);
        var length = 0;
        foreach (var item in feed.Items)
        {
            length += ItemNormaliser.Normalise(item, feed).Summary.Length;
        }

        return length;
    }
}
