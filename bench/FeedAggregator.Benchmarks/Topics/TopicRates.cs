using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Normalising;
using FeedAggregator.Topics;

namespace FeedAggregator.Benchmarks.Topics;

/// <summary>
/// Items per second on one thread, interleaved in one process so that both see the same machine: normalising the
/// corpus, and matching it against 100 topics. Also prints the size of the corpus and the topics.
/// <c>dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- topics</c>
/// </summary>
internal static class TopicRates
{
    public static void Run(int rounds = 15)
    {
        var feed = TopicCorpus.Feed();
        var items = feed.Items.Select(i => ItemNormaliser.Normalise(i, feed)).ToArray();
        var topics = TopicCorpus.HundredTopics();
        var matcher = new TopicMatcher(topics);
        var inputs = items.Select(i => MatchInput.Of(i, TopicCorpus.Source)).ToArray();
        var words = inputs.Average(i => FoldedWords.Split(i.Title).Count + FoldedWords.Split(i.Summary).Count + FoldedWords.Split(i.Content).Count);
        var (normalise, match, bare) = (0.0, 0.0, 0.0);
        var matched = 0;
        for (var round = 0; round < rounds; round++)
        {
            normalise = Math.Max(normalise, PerSecond(items.Length, () =>
            {
                foreach (var item in feed.Items)
                {
                    ItemNormaliser.Normalise(item, feed);
                }
            }));
            match = Math.Max(match, PerSecond(items.Length, () =>
            {
                matched = 0;
                foreach (var input in inputs)
                {
                    matched += matcher.Match(input).Count;
                }
            }));
            bare = Math.Max(bare, PerSecond(items.Length, () =>
            {
                foreach (var input in inputs)
                {
                    matcher.Match(input, explain: false);
                }
            }));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{items.Length} items, {words:0} words each on average; {topics.Count} topics, {matcher.PatternCount} distinct words and prefixes; {matched} topic matches in all"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"normalise alone:                {normalise,9:N0} items/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match 100 topics, explained:    {match,9:N0} items/s ({normalise / match:0.00}x the normalisation's time)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match 100 topics, unexplained:  {bare,9:N0} items/s"));
    }

    private static double PerSecond(int count, Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return count / clock.Elapsed.TotalSeconds;
    }
}
